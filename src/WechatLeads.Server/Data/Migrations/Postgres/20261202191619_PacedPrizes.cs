using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatLeads.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PacedPrizes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "PaceCarryOver",
                table: "Prizes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PaceHours",
                table: "Prizes",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PacePer",
                table: "Prizes",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PaceQuantity",
                table: "Prizes",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PrizeReleases",
                columns: table => new
                {
                    PrizeId = table.Column<long>(type: "bigint", nullable: false),
                    Period = table.Column<long>(type: "bigint", nullable: false),
                    Taken = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrizeReleases", x => new { x.PrizeId, x.Period });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PrizeReleases");

            migrationBuilder.DropColumn(
                name: "PaceCarryOver",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "PaceHours",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "PacePer",
                table: "Prizes");

            migrationBuilder.DropColumn(
                name: "PaceQuantity",
                table: "Prizes");
        }
    }
}
