using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
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
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DisputedAt",
                table: "BilInvoices",
                type: "timestamp with time zone",
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
