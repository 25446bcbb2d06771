using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SecurityHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Signature",
                table: "WebhookReceipts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

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

            migrationBuilder.AddColumn<string>(
                name: "Sources",
                table: "Campaigns",
                type: "character varying(1056)",
                maxLength: 1056,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "AuditCheckpoints",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Signature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditCheckpoints", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "AuditHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Mac = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditHead", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookReceipts_Signature",
                table: "WebhookReceipts",
                column: "Signature",
                unique: true);

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
            migrationBuilder.DropTable(
                name: "AuditCheckpoints");

            migrationBuilder.DropTable(
                name: "AuditHead");

            migrationBuilder.DropIndex(
                name: "IX_WebhookReceipts_Signature",
                table: "WebhookReceipts");

            migrationBuilder.DropIndex(
                name: "IX_DataSubjectRequests_OpenKey",
                table: "DataSubjectRequests");

            migrationBuilder.DropIndex(
                name: "IX_DataSubjectRequests_Status_DueAt",
                table: "DataSubjectRequests");

            migrationBuilder.DropColumn(
                name: "Signature",
                table: "WebhookReceipts");

            migrationBuilder.DropColumn(
                name: "Mac",
                table: "MiniProgramSessions");

            migrationBuilder.DropColumn(
                name: "OpenKey",
                table: "DataSubjectRequests");

            migrationBuilder.DropColumn(
                name: "Sources",
                table: "Campaigns");
        }
    }
}
