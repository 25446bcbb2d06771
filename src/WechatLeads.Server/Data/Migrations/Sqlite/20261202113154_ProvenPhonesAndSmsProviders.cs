using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProvenPhonesAndSmsProviders : Migration
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
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "correction");

            migrationBuilder.AddColumn<bool>(
                name: "Proven",
                table: "Persons",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PhoneProof",
                table: "Leads",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PhoneNumberDailyBudget",
                table: "Campaigns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PhoneNumberUsage",
                columns: table => new
                {
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    Reserved = table.Column<int>(type: "INTEGER", nullable: false),
                    Quick = table.Column<int>(type: "INTEGER", nullable: false),
                    Realtime = table.Column<int>(type: "INTEGER", nullable: false),
                    Unknown = table.Column<int>(type: "INTEGER", nullable: false),
                    QuotaExhausted = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PhoneNumberUsage", x => new { x.CampaignId, x.Day });
                    table.CheckConstraint("CK_PhoneNumberUsage_Reserved", "\"Reserved\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "SmsCallbackReceipts",
                columns: table => new
                {
                    Provider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SmsCallbackReceipts", x => new { x.Provider, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "SmsDeliveries",
                columns: table => new
                {
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProviderMessageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReportedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SmsDeliveries", x => x.MessageId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PhoneVerifications_PhoneIndex_CreatedAt",
                table: "PhoneVerifications",
                columns: new[] { "PhoneIndex", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_PhoneIndex_Proven",
                table: "Persons",
                columns: new[] { "PhoneIndex", "Proven" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SmsCallbackReceipts_ReceivedAt",
                table: "SmsCallbackReceipts",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SmsDeliveries_Provider_ProviderMessageId",
                table: "SmsDeliveries",
                columns: new[] { "Provider", "ProviderMessageId" });

            migrationBuilder.CreateIndex(
                name: "IX_SmsDeliveries_Status_UpdatedAt",
                table: "SmsDeliveries",
                columns: new[] { "Status", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PhoneNumberUsage");

            migrationBuilder.DropTable(
                name: "SmsCallbackReceipts");

            migrationBuilder.DropTable(
                name: "SmsDeliveries");

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

            migrationBuilder.DropColumn(
                name: "PhoneNumberDailyBudget",
                table: "Campaigns");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_PhoneIndex",
                table: "Persons",
                column: "PhoneIndex",
                unique: true);
        }
    }
}
