using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuthorizationChangesAndSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuthorizationChanges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RevokeInfo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    MarketingStoppedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AppliedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthorizationChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SubscribeSends",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    GrantId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    WechatMessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    ErrorCode = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeliveryStatus = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DeliveryReportedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubscribeSends", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SubscriptionGrants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SpentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SpentFor = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubscriptionGrants", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuthorizationChanges_ReceivedAt",
                table: "AuthorizationChanges",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SubscribeSends_Purpose_Reference",
                table: "SubscribeSends",
                columns: new[] { "Purpose", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubscribeSends_SubjectKey",
                table: "SubscribeSends",
                column: "SubjectKey");

            migrationBuilder.CreateIndex(
                name: "IX_SubscribeSends_WechatMessageId",
                table: "SubscribeSends",
                column: "WechatMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_SubscriptionGrants_SubjectKey_TemplateId_SpentAt_CreatedAt",
                table: "SubscriptionGrants",
                columns: new[] { "SubjectKey", "TemplateId", "SpentAt", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuthorizationChanges");

            migrationBuilder.DropTable(
                name: "SubscribeSends");

            migrationBuilder.DropTable(
                name: "SubscriptionGrants");
        }
    }
}
