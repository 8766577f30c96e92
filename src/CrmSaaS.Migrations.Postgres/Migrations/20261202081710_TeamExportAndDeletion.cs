using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletionRequestedBy",
                table: "Tenants",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TeamExports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ClaimToken = table.Column<Guid>(type: "uuid", nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TablesDone = table.Column<int>(type: "integer", nullable: false),
                    TablesTotal = table.Column<int>(type: "integer", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamExports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TeamExportChunks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false)
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
