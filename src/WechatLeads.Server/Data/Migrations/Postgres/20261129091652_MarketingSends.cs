using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Postgres
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
                    SendId = table.Column<long>(type: "bigint", nullable: false),
                    PersonId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LeadId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ClaimedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketingDeliveries", x => new { x.SendId, x.PersonId });
                });

            migrationBuilder.CreateTable(
                name: "MarketingQuotaSlots",
                columns: table => new
                {
                    PersonId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketingQuotaSlots", x => new { x.PersonId, x.Slot });
                });

            migrationBuilder.CreateTable(
                name: "MarketingSends",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    TemplateId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TemplateData = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AudienceCampaign = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AudienceSource = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AudienceStore = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    AudienceFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AudienceTo = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ScheduledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NotBefore = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AudienceSize = table.Column<int>(type: "integer", nullable: false),
                    AudienceBuiltAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
