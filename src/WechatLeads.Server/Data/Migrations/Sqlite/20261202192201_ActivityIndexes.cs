using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ActivityIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Participations_CampaignId_CreatedAt",
                table: "Participations",
                columns: new[] { "CampaignId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentEvents_Scope_OccurredAt",
                table: "ConsentEvents",
                columns: new[] { "Scope", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Participations_CampaignId_CreatedAt",
                table: "Participations");

            migrationBuilder.DropIndex(
                name: "IX_ConsentEvents_Scope_OccurredAt",
                table: "ConsentEvents");
        }
    }
}
