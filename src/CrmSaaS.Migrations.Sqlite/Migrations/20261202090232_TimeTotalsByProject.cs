using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TimeTotalsByProject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TimDayTotals_TenantId_ProjectId_Day",
                table: "TimDayTotals",
                columns: new[] { "TenantId", "ProjectId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TimDayTotals_TenantId_ProjectId_Day",
                table: "TimDayTotals");
        }
    }
}
