using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameNormalized",
                table: "CrmClients",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // The same key the application computes (TextKeys.Name); SQLite's own upper() knows ASCII only.
            migrationBuilder.Sql("""UPDATE "CrmClients" SET "NameNormalized" = crmsaas_name_key("Name");""");

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
