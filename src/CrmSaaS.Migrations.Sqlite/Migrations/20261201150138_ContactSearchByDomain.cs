using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ContactSearchByDomain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CrmContactSearchTokens_ContactId",
                table: "CrmContactSearchTokens");

            migrationBuilder.CreateIndex(
                name: "IX_CrmContactSearchTokens_ContactId_Token_TenantId",
                table: "CrmContactSearchTokens",
                columns: new[] { "ContactId", "Token", "TenantId" });

            // Every contact's email domain becomes a search token, as ContactSearchIndex now keeps one:
            // folded by the application's own function (crmsaas_fold), cut to the token length.
            migrationBuilder.Sql("""
                INSERT OR IGNORE INTO "CrmContactSearchTokens" ("TenantId", "Token", "SortKey", "ContactId")
                SELECT "TenantId", substr(trim(crmsaas_fold(substr(trim("Email"), instr(trim("Email"), '@') + 1))), 1, 64), "LastName" || char(1) || "FirstName", "Id"
                FROM "CrmContacts" WHERE trim("Email") LIKE '%_@_%';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CrmContactSearchTokens_ContactId_Token_TenantId",
                table: "CrmContactSearchTokens");

            migrationBuilder.CreateIndex(
                name: "IX_CrmContactSearchTokens_ContactId",
                table: "CrmContactSearchTokens",
                column: "ContactId");
        }
    }
}
