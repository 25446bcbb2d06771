using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MarketingSends : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MarketingDeliveries",
                columns: table => new
                {
                    SendId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LeadId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClaimedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketingDeliveries", x => new { x.SendId, x.PersonId });
                });

            migrationBuilder.CreateTable(
                name: "MarketingQuotaSlots",
                columns: table => new
                {
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Slot = table.Column<int>(type: "INTEGER", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketingQuotaSlots", x => new { x.PersonId, x.Slot });
                });

            migrationBuilder.CreateTable(
                name: "MarketingSends",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TemplateData = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AudienceCampaign = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AudienceSource = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AudienceStore = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    AudienceFrom = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AudienceTo = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ScheduledAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NotBefore = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AudienceSize = table.Column<int>(type: "INTEGER", nullable: false),
                    AudienceBuiltAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketingSends", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MarketingDeliveries_PersonId_CompletedAt",
                table: "MarketingDeliveries",
                columns: new[] { "PersonId", "CompletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MarketingDeliveries_SendId_Status",
                table: "MarketingDeliveries",
                columns: new[] { "SendId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_MarketingSends_Status_ScheduledAt",
                table: "MarketingSends",
                columns: new[] { "Status", "ScheduledAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MarketingDeliveries");

            migrationBuilder.DropTable(
                name: "MarketingQuotaSlots");

            migrationBuilder.DropTable(
                name: "MarketingSends");
        }
    }
}
