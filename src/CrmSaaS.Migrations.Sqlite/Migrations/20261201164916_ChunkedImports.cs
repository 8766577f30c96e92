using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChunkedImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Applied",
                table: "CrmImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "CancelRequested",
                table: "CrmImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Error",
                table: "CrmImportBatches",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseUntil",
                table: "CrmImportBatches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ImportBatchId",
                table: "CrmContacts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ImportBatchId",
                table: "CrmClients",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrmImportBatches_Status_LeaseUntil",
                table: "CrmImportBatches",
                columns: new[] { "Status", "LeaseUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_ImportBatchId",
                table: "CrmContacts",
                column: "ImportBatchId",
                filter: "\"ImportBatchId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CrmClients_ImportBatchId",
                table: "CrmClients",
                column: "ImportBatchId",
                filter: "\"ImportBatchId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CrmImportBatches_Status_LeaseUntil",
                table: "CrmImportBatches");

            migrationBuilder.DropIndex(
                name: "IX_CrmContacts_ImportBatchId",
                table: "CrmContacts");

            migrationBuilder.DropIndex(
                name: "IX_CrmClients_ImportBatchId",
                table: "CrmClients");

            migrationBuilder.DropColumn(
                name: "Applied",
                table: "CrmImportBatches");

            migrationBuilder.DropColumn(
                name: "CancelRequested",
                table: "CrmImportBatches");

            migrationBuilder.DropColumn(
                name: "Error",
                table: "CrmImportBatches");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "CrmImportBatches");

            migrationBuilder.DropColumn(
                name: "ImportBatchId",
                table: "CrmContacts");

            migrationBuilder.DropColumn(
                name: "ImportBatchId",
                table: "CrmClients");
        }
    }
}
