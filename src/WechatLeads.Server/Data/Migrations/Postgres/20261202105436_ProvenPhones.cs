using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProvenPhones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Persons_PhoneIndex",
                table: "Persons");

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "PhoneVerifications",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "correction");

            migrationBuilder.AddColumn<bool>(
                name: "Proven",
                table: "Persons",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PhoneProof",
                table: "Leads",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PhoneVerifications_PhoneIndex_CreatedAt",
                table: "PhoneVerifications",
                columns: new[] { "PhoneIndex", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_PhoneIndex_Proven",
                table: "Persons",
                columns: new[] { "PhoneIndex", "Proven" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PhoneVerifications_PhoneIndex_CreatedAt",
                table: "PhoneVerifications");

            migrationBuilder.DropIndex(
                name: "IX_Persons_PhoneIndex_Proven",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "PhoneVerifications");

            migrationBuilder.DropColumn(
                name: "Proven",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "PhoneProof",
                table: "Leads");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_PhoneIndex",
                table: "Persons",
                column: "PhoneIndex",
                unique: true);
        }
    }
}
