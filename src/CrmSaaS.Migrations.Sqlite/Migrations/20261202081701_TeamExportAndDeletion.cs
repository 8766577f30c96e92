using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TeamExportAndDeletion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DeleteAfter",
                table: "Tenants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletionRequestedBy",
                table: "Tenants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TeamExports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ClaimToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TablesDone = table.Column<int>(type: "INTEGER", nullable: false),
                    TablesTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamExports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TeamExportChunks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamExportChunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeamExportChunks_TeamExports_ExportId",
                        column: x => x.ExportId,
                        principalTable: "TeamExports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TeamExportChunks_ExportId_Index",
                table: "TeamExportChunks",
                columns: new[] { "ExportId", "Index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TeamExports_Status_RequestedAt",
                table: "TeamExports",
                columns: new[] { "Status", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TeamExports_TenantId_RequestedAt",
                table: "TeamExports",
                columns: new[] { "TenantId", "RequestedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TeamExportChunks");

            migrationBuilder.DropTable(
                name: "TeamExports");

            migrationBuilder.DropColumn(
                name: "DeleteAfter",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "DeletionRequestedBy",
                table: "Tenants");
        }
    }
}
