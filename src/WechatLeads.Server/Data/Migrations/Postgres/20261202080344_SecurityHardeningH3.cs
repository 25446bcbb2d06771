using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SecurityHardeningH3 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Mac",
                table: "MiniProgramSessions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "OpenKey",
                table: "DataSubjectRequests",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_DataSubjectRequests_OpenKey",
                table: "DataSubjectRequests",
                column: "OpenKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DataSubjectRequests_Status_DueAt",
                table: "DataSubjectRequests",
                columns: new[] { "Status", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DataSubjectRequests_OpenKey",
                table: "DataSubjectRequests");

            migrationBuilder.DropIndex(
                name: "IX_DataSubjectRequests_Status_DueAt",
                table: "DataSubjectRequests");

            migrationBuilder.DropColumn(
                name: "Mac",
                table: "MiniProgramSessions");

            migrationBuilder.DropColumn(
                name: "OpenKey",
                table: "DataSubjectRequests");
        }
    }
}
