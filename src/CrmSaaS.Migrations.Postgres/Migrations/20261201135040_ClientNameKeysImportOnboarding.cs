using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ClientNameKeysImportOnboarding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Onboarding",
                table: "CrmImportBatches",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameNormalized",
                table: "CrmClients",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // The key TextKeys.Name computes: trimmed, inner whitespace collapsed, upper case.
            migrationBuilder.Sql("""UPDATE "CrmClients" SET "NameNormalized" = UPPER(regexp_replace(btrim("Name"), '\s+', ' ', 'g'));""");

            migrationBuilder.CreateIndex(
                name: "IX_CrmClients_TenantId_NameNormalized",
                table: "CrmClients",
                columns: new[] { "TenantId", "NameNormalized" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CrmClients_TenantId_NameNormalized",
                table: "CrmClients");

            migrationBuilder.DropColumn(
                name: "Onboarding",
                table: "CrmImportBatches");

            migrationBuilder.DropColumn(
                name: "NameNormalized",
                table: "CrmClients");
        }
    }
}
