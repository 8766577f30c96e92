using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InvoiceCorrectionsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_BilInvoices_TenantId_CorrectsInvoiceId",
                table: "BilInvoices",
                columns: new[] { "TenantId", "CorrectsInvoiceId" },
                filter: "\"CorrectsInvoiceId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BilInvoices_TenantId_CorrectsInvoiceId",
                table: "BilInvoices");
        }
    }
}
