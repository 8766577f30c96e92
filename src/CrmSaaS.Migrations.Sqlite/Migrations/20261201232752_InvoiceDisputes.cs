using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InvoiceDisputes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DisputeNote",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DisputedAt",
                table: "BilInvoices",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DisputeNote",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "DisputedAt",
                table: "BilInvoices");
        }
    }
}
