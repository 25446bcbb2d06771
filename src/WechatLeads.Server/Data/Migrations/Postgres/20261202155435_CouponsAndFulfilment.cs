using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CouponsAndFulfilment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AddressesPurged",
                table: "RetentionRuns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "FulfilmentsDeleted",
                table: "RetentionRuns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ClaimDays",
                table: "Prizes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Prizes",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RedeemHours",
                table: "Prizes",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Stores",
                table: "Prizes",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "ValidDays",
                table: "Prizes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "ValidFrom",
                table: "Prizes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ValidUntil",
                table: "Prizes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CouponRedeemHours",
                table: "Campaigns",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CouponStores",
                table: "Campaigns",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "CouponValidFrom",
                table: "Campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CouponValidUntil",
                table: "Campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Coupons",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CampaignId = table.Column<long>(type: "bigint", nullable: false),
                    PrizeId = table.Column<long>(type: "bigint", nullable: true),
                    LeadId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubjectKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CodeId = table.Column<long>(type: "bigint", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ValidFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ValidUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Stores = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    RedeemHours = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RedeemedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RedeemedStore = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    RedemptionId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ExpiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    VoidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    VoidReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Coupons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrizeFulfilments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CampaignId = table.Column<long>(type: "bigint", nullable: false),
                    PrizeId = table.Column<long>(type: "bigint", nullable: false),
                    LeadId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubjectKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ClaimBy = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PickupStore = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    AddressCipher = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Carrier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    TrackingNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AddressAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ShippedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReturnedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReminderSentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UnclaimedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AddressPurgeAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrizeFulfilments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Redemptions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CouponId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CampaignId = table.Column<long>(type: "bigint", nullable: false),
                    Store = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RedeemedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OrderId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReversedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReversedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AuditedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReversalAuditedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Redemptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Stores",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Stores", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_CampaignId_State_LeadId",
                table: "Coupons",
                columns: new[] { "CampaignId", "State", "LeadId" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_Code",
                table: "Coupons",
                column: "Code");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_CodeId",
                table: "Coupons",
                column: "CodeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_LeadId",
                table: "Coupons",
                column: "LeadId");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_State_ValidUntil",
                table: "Coupons",
                columns: new[] { "State", "ValidUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_SubjectKey",
                table: "Coupons",
                column: "SubjectKey");

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

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_AuditedAt",
                table: "Redemptions",
                column: "AuditedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_CampaignId_CreatedAt",
                table: "Redemptions",
                columns: new[] { "CampaignId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_CouponId",
                table: "Redemptions",
                column: "CouponId");

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_RedeemedBy_IdempotencyKey",
                table: "Redemptions",
                columns: new[] { "RedeemedBy", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_ReversedAt_ReversalAuditedAt",
                table: "Redemptions",
                columns: new[] { "ReversedAt", "ReversalAuditedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_Store_CreatedAt",
                table: "Redemptions",
                columns: new[] { "Store", "CreatedAt" });

            foreach (var statement in WechatLeads.Server.Coupons.CouponBackfill.Statements) migrationBuilder.Sql(statement);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Coupons");

            migrationBuilder.DropTable(
                name: "PrizeFulfilments");

            migrationBuilder.DropTable(
                name: "Redemptions");

            migrationBuilder.DropTable(
                name: "Stores");

            migrationBuilder.DropColumn(
                name: "AddressesPurged",
                table: "RetentionRuns");

            migrationBuilder.DropColumn(
                name: "FulfilmentsDeleted",
                table: "RetentionRuns");

            migrationBuilder.DropColumn(
                name: "ClaimDays",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "RedeemHours",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "Stores",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "ValidDays",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "ValidFrom",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "ValidUntil",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "CouponRedeemHours",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "CouponStores",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "CouponValidFrom",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "CouponValidUntil",
                table: "Campaigns");
        }
    }
}
