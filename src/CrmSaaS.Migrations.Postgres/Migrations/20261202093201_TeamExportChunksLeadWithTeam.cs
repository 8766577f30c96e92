using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TeamExportChunksLeadWithTeam : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TeamExportChunks_ExportId_Index",
                table: "TeamExportChunks");

            migrationBuilder.CreateIndex(
                name: "IX_TeamExportChunks_ExportId",
                table: "TeamExportChunks",
                column: "ExportId");

            migrationBuilder.CreateIndex(
                name: "IX_TeamExportChunks_TenantId_ExportId_Index",
                table: "TeamExportChunks",
                columns: new[] { "TenantId", "ExportId", "Index" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TeamExportChunks_ExportId",
                table: "TeamExportChunks");

            migrationBuilder.DropIndex(
                name: "IX_TeamExportChunks_TenantId_ExportId_Index",
                table: "TeamExportChunks");

            migrationBuilder.CreateIndex(
                name: "IX_TeamExportChunks_ExportId_Index",
                table: "TeamExportChunks",
                columns: new[] { "ExportId", "Index" },
                unique: true);
        }
    }
}
