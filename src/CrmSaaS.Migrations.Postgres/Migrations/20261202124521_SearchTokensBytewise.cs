using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SearchTokensBytewise : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "SortKey",
                table: "CrmContactSearchTokens",
                type: "character varying(201)",
                maxLength: 201,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(201)",
                oldMaxLength: 201);

            migrationBuilder.AlterColumn<string>(
                name: "Token",
                table: "CrmContactSearchTokens",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "SortKey",
                table: "CrmContactSearchTokens",
                type: "character varying(201)",
                maxLength: 201,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(201)",
                oldMaxLength: 201,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Token",
                table: "CrmContactSearchTokens",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldCollation: "C");
        }
    }
}
