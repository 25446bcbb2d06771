using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RedemptionAnalytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Coupons_CampaignId_State",
                table: "Coupons");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_CampaignId_State_LeadId",
                table: "Coupons",
                columns: new[] { "CampaignId", "State", "LeadId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Coupons_CampaignId_State_LeadId",
                table: "Coupons");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_CampaignId_State",
                table: "Coupons",
                columns: new[] { "CampaignId", "State" });
        }
    }
}
