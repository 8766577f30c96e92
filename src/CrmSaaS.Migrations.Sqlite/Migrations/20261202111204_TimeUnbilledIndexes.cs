using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TimeUnbilledIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TimEntries_Unbilled_Client",
                table: "TimEntries",
                columns: new[] { "TenantId", "ClientId", "RateCurrency", "Seconds", "AmountMinor", "Billable", "InvoiceId" },
                filter: "\"Billable\" AND \"InvoiceId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TimEntries_Unbilled_Project",
                table: "TimEntries",
                columns: new[] { "TenantId", "ProjectId", "RateCurrency", "Seconds", "AmountMinor", "Billable", "InvoiceId" },
                filter: "\"Billable\" AND \"InvoiceId\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TimEntries_Unbilled_Client",
                table: "TimEntries");

            migrationBuilder.DropIndex(
                name: "IX_TimEntries_Unbilled_Project",
                table: "TimEntries");
        }
    }
}
