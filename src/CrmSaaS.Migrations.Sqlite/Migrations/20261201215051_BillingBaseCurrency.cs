using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BillingBaseCurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BaseCurrency",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "BaseFxRate",
                table: "BilInvoices",
                type: "TEXT",
                precision: 18,
                scale: 8,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BaseNetMinor",
                table: "BilInvoices",
                type: "INTEGER",
                nullable: true);

            // Invoices issued before in the team's own currency are booked at 1; others keep no base amount.
            migrationBuilder.Sql("UPDATE \"BilInvoices\" SET \"BaseCurrency\" = \"Currency\", \"BaseFxRate\" = 1, \"BaseNetMinor\" = \"NetMinor\" WHERE \"Number\" IS NOT NULL AND \"Currency\" = (SELECT t.\"Currency\" FROM \"Tenants\" t WHERE t.\"Id\" = \"BilInvoices\".\"TenantId\")");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BaseCurrency",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "BaseFxRate",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "BaseNetMinor",
                table: "BilInvoices");
        }
    }
}
