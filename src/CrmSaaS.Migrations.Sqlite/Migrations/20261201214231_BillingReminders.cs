using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BillingReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "OverdueSince",
                table: "BilInvoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BilDunningLevels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    DaysAfterDue = table.Column<int>(type: "INTEGER", nullable: false),
                    Fee = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    SubjectEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BodyEn = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    SubjectDe = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BodyDe = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BilDunningLevels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BilReminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    SentOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OpenMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    SentTo = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BilReminders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BilDunningLevels_TenantId_DaysAfterDue",
                table: "BilDunningLevels",
                columns: new[] { "TenantId", "DaysAfterDue" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BilReminders_TenantId_InvoiceId_Level",
                table: "BilReminders",
                columns: new[] { "TenantId", "InvoiceId", "Level" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BilDunningLevels");

            migrationBuilder.DropTable(
                name: "BilReminders");

            migrationBuilder.DropColumn(
                name: "OverdueSince",
                table: "BilInvoices");
        }
    }
}
