using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BillingDocumentsRunsPaymentsRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BilInvoiceLineEntries_TenantId_TimeEntryId",
                table: "BilInvoiceLineEntries");

            migrationBuilder.AlterColumn<Guid>(
                name: "CreatedBy",
                table: "BilInvoices",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "BuyerAddress",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BuyerCountry",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BuyerName",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BuyerReference",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BuyerVatId",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CorrectsInvoiceId",
                table: "BilInvoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CreditedMinor",
                table: "BilInvoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FxDate",
                table: "BilInvoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FxFrom",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "FxRate",
                table: "BilInvoices",
                type: "TEXT",
                precision: 18,
                scale: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FxSource",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PaidMinor",
                table: "BilInvoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "ReleasedTime",
                table: "BilInvoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "RunId",
                table: "BilInvoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SentAt",
                table: "BilInvoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TaxCurrency",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TaxCurrencyVatMinor",
                table: "BilInvoices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "TaxFxDate",
                table: "BilInvoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "TaxFxRate",
                table: "BilInvoices",
                type: "TEXT",
                precision: 18,
                scale: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VatCategory",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "VatNote",
                table: "BilInvoices",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "VatRate",
                table: "BilInvoices",
                type: "TEXT",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<Guid>(
                name: "CreditsLineId",
                table: "BilInvoiceLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RateCurrency",
                table: "BilInvoiceLineEntries",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReleasedAt",
                table: "BilInvoiceLineEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BilClientContacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BilClientContacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BilExchangeRates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Rate = table.Column<decimal>(type: "TEXT", precision: 18, scale: 8, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BilExchangeRates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BilInvoiceDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Format = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BilInvoiceDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BilPayments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Method = table.Column<int>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OverpaidMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BilPayments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BilProfiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LegalName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Street = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    City = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    VatId = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    TaxNumber = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    ContactPhone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Iban = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    Bic = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    BankName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Footer = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PaymentTermDays = table.Column<int>(type: "INTEGER", nullable: false),
                    VatRate = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    SmallBusiness = table.Column<bool>(type: "INTEGER", nullable: false),
                    Logo = table.Column<byte[]>(type: "BLOB", nullable: true),
                    LogoContentType = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    EmailSubjectEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EmailBodyEn = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    EmailSubjectDe = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EmailBodyDe = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RunDay = table.Column<int>(type: "INTEGER", nullable: false),
                    RunAt = table.Column<TimeOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BilProfiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BilRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<int>(type: "INTEGER", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BilRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BilInvoices_TenantId_RunId",
                table: "BilInvoices",
                columns: new[] { "TenantId", "RunId" },
                unique: true,
                filter: "\"RunId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BilInvoiceLineEntries_TenantId_TimeEntryId",
                table: "BilInvoiceLineEntries",
                columns: new[] { "TenantId", "TimeEntryId" },
                unique: true,
                filter: "\"ReleasedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BilClientContacts_TenantId_ClientId_ContactId",
                table: "BilClientContacts",
                columns: new[] { "TenantId", "ClientId", "ContactId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BilExchangeRates_TenantId_From_To_Day",
                table: "BilExchangeRates",
                columns: new[] { "TenantId", "From", "To", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BilInvoiceDocuments_TenantId_InvoiceId_Format",
                table: "BilInvoiceDocuments",
                columns: new[] { "TenantId", "InvoiceId", "Format" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BilPayments_TenantId_ClientId_PaidOn",
                table: "BilPayments",
                columns: new[] { "TenantId", "ClientId", "PaidOn" });

            migrationBuilder.CreateIndex(
                name: "IX_BilPayments_TenantId_InvoiceId",
                table: "BilPayments",
                columns: new[] { "TenantId", "InvoiceId" });

            migrationBuilder.CreateIndex(
                name: "IX_BilProfiles_TenantId",
                table: "BilProfiles",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BilRuns_TenantId_ClientId_PeriodTo",
                table: "BilRuns",
                columns: new[] { "TenantId", "ClientId", "PeriodTo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BilRuns_TenantId_CreatedAt",
                table: "BilRuns",
                columns: new[] { "TenantId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BilClientContacts");

            migrationBuilder.DropTable(
                name: "BilExchangeRates");

            migrationBuilder.DropTable(
                name: "BilInvoiceDocuments");

            migrationBuilder.DropTable(
                name: "BilPayments");

            migrationBuilder.DropTable(
                name: "BilProfiles");

            migrationBuilder.DropTable(
                name: "BilRuns");

            migrationBuilder.DropIndex(
                name: "IX_BilInvoices_TenantId_RunId",
                table: "BilInvoices");

            migrationBuilder.DropIndex(
                name: "IX_BilInvoiceLineEntries_TenantId_TimeEntryId",
                table: "BilInvoiceLineEntries");

            migrationBuilder.DropColumn(
                name: "BuyerAddress",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "BuyerCountry",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "BuyerName",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "BuyerReference",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "BuyerVatId",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "CorrectsInvoiceId",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "CreditedMinor",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "FxDate",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "FxFrom",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "FxRate",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "FxSource",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "PaidMinor",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "ReleasedTime",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "RunId",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "SentAt",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "TaxCurrency",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "TaxCurrencyVatMinor",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "TaxFxDate",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "TaxFxRate",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "VatCategory",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "VatNote",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "VatRate",
                table: "BilInvoices");

            migrationBuilder.DropColumn(
                name: "CreditsLineId",
                table: "BilInvoiceLines");

            migrationBuilder.DropColumn(
                name: "RateCurrency",
                table: "BilInvoiceLineEntries");

            migrationBuilder.DropColumn(
                name: "ReleasedAt",
                table: "BilInvoiceLineEntries");

            migrationBuilder.AlterColumn<Guid>(
                name: "CreatedBy",
                table: "BilInvoices",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_BilInvoiceLineEntries_TenantId_TimeEntryId",
                table: "BilInvoiceLineEntries",
                columns: new[] { "TenantId", "TimeEntryId" },
                unique: true);
        }
    }
}
