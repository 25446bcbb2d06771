using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StaffTestTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StaffTestTargets",
                columns: table => new
                {
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    PhoneCipher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PhoneVerifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OpenIdCipher = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    OpenIdBoundAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffTestTargets", x => x.StaffName);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StaffTestTargets");
        }
    }
}
