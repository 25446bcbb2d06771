using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DrawRefusals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DrawRefusals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RiskRank = table.Column<int>(type: "INTEGER", nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrawRefusals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DrawRefusals_CampaignId_At",
                table: "DrawRefusals",
                columns: new[] { "CampaignId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DrawRefusals");
        }
    }
}
