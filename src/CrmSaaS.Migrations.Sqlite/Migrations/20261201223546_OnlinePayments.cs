using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OnlinePayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FeeMinor",
                table: "BilPayments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Provider",
                table: "BilPayments",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderReference",
                table: "BilPayments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PayAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Provider = table.Column<int>(type: "INTEGER", nullable: false),
                    ServerUrl = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    StoreId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ProtectedApiKey = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ProtectedWebhookSecret = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ConnectedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConnectedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    VerifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PayAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PayAttempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Provider = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CheckoutUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PayAttempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PayWebhookEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Provider = table.Column<int>(type: "INTEGER", nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PayWebhookEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BilPayments_TenantId_Provider_ProviderReference",
                table: "BilPayments",
                columns: new[] { "TenantId", "Provider", "ProviderReference" },
                unique: true,
                filter: "\"ProviderReference\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PayAccounts_TenantId_Provider",
                table: "PayAccounts",
                columns: new[] { "TenantId", "Provider" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PayAttempts_TenantId_InvoiceId",
                table: "PayAttempts",
                columns: new[] { "TenantId", "InvoiceId" });

            migrationBuilder.CreateIndex(
                name: "IX_PayAttempts_TenantId_Provider_ProviderId",
                table: "PayAttempts",
                columns: new[] { "TenantId", "Provider", "ProviderId" },
                unique: true,
                filter: "\"ProviderId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PayWebhookEvents_TenantId_Provider_EventId",
                table: "PayWebhookEvents",
                columns: new[] { "TenantId", "Provider", "EventId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PayAccounts");

            migrationBuilder.DropTable(
                name: "PayAttempts");

            migrationBuilder.DropTable(
                name: "PayWebhookEvents");

            migrationBuilder.DropIndex(
                name: "IX_BilPayments_TenantId_Provider_ProviderReference",
                table: "BilPayments");

            migrationBuilder.DropColumn(
                name: "FeeMinor",
                table: "BilPayments");

            migrationBuilder.DropColumn(
                name: "Provider",
                table: "BilPayments");

            migrationBuilder.DropColumn(
                name: "ProviderReference",
                table: "BilPayments");
        }
    }
}
