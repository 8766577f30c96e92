using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
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

            // Every contact's email domain becomes a search token, as ContactSearchIndex now keeps one.
            // PostgreSQL has no accent folding without an extension; the translation covers the Latin
            // letters that fold to one ASCII letter (as TextKeys.Fold does), and ß becomes ss.
            migrationBuilder.Sql("""
                INSERT INTO "CrmContactSearchTokens" ("TenantId", "Token", "SortKey", "ContactId")
                SELECT "TenantId",
                       left(btrim(translate(replace(lower(split_part(btrim("Email"), '@', 2)), 'ß', 'ss'), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳ', 'aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzouaiouuuuuaagkoojgnaaaeeiioorruusthaeooooy')), 64),
                       "LastName" || chr(1) || "FirstName", "Id"
                FROM "CrmContacts" WHERE btrim("Email") LIKE '%_@_%'
                ON CONFLICT DO NOTHING;
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
