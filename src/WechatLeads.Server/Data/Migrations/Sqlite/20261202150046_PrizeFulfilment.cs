using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PrizeFulfilment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AddressesPurged",
                table: "RetentionRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "FulfilmentsDeleted",
                table: "RetentionRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "PrizeFulfilments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: false),
                    PrizeId = table.Column<long>(type: "INTEGER", nullable: false),
                    LeadId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ClaimBy = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    PickupStore = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    AddressCipher = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    TrackingNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AddressAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ShippedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReturnedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReminderSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UnclaimedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AddressPurgeAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrizeFulfilments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PrizeFulfilments_AddressPurgeAt",
                table: "PrizeFulfilments",
                column: "AddressPurgeAt");

            migrationBuilder.CreateIndex(
                name: "IX_PrizeFulfilments_CampaignId_State",
                table: "PrizeFulfilments",
                columns: new[] { "CampaignId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_PrizeFulfilments_LeadId",
                table: "PrizeFulfilments",
                column: "LeadId");

            migrationBuilder.CreateIndex(
                name: "IX_PrizeFulfilments_State_ClaimBy",
                table: "PrizeFulfilments",
                columns: new[] { "State", "ClaimBy" });

            migrationBuilder.CreateIndex(
                name: "IX_PrizeFulfilments_SubjectKey",
                table: "PrizeFulfilments",
                column: "SubjectKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PrizeFulfilments");

            migrationBuilder.DropColumn(
                name: "AddressesPurged",
                table: "RetentionRuns");

            migrationBuilder.DropColumn(
                name: "FulfilmentsDeleted",
                table: "RetentionRuns");
        }
    }
}
