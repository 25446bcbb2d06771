using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RedemptionAuditOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Redemptions_AuditedAt",
                table: "Redemptions");

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_AuditedAt_CreatedAt_Id",
                table: "Redemptions",
                columns: new[] { "AuditedAt", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Redemptions_AuditedAt_CreatedAt_Id",
                table: "Redemptions");

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_AuditedAt",
                table: "Redemptions",
                column: "AuditedAt");
        }
    }
}
