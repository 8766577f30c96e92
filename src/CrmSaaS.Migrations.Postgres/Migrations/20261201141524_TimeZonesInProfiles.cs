using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TimeZonesInProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "Tenants",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "Europe/Berlin");

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "AspNetUsers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            // A member's time zone moves from the team's time profile to their own account.
            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "TimeZone" = (SELECT p."TimeZone" FROM "TimMemberProfiles" p WHERE p."UserId" = "AspNetUsers"."Id" ORDER BY p."Id" LIMIT 1)
                WHERE EXISTS (SELECT 1 FROM "TimMemberProfiles" p WHERE p."UserId" = "AspNetUsers"."Id");
                """);

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "TimMemberProfiles");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "AspNetUsers");

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "TimMemberProfiles",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");
        }
    }
}
