using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MoneyInMinorUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "AmountCents",
                table: "TimMonthTotals",
                newName: "AmountMinor");

            migrationBuilder.RenameColumn(
                name: "AmountCents",
                table: "TimEntries",
                newName: "AmountMinor");

            migrationBuilder.RenameColumn(
                name: "AmountCents",
                table: "TimDayTotals",
                newName: "AmountMinor");

            migrationBuilder.AddColumn<long>(
                name: "BudgetAmountMinor",
                table: "PrjProjects",
                type: "INTEGER",
                nullable: true);

            // Amounts were kept as hundredths for every currency; they are now the currency's own minor units.
            migrationBuilder.Sql("""
                UPDATE "PrjProjects" SET "BudgetAmountMinor" = CAST(ROUND(CAST("BudgetAmount" AS REAL) *
                    CASE WHEN "Currency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF') THEN 1 WHEN "Currency" IN ('BHD','IQD','JOD','KWD','LYD','OMR','TND') THEN 1000 ELSE 100 END) AS INTEGER)
                WHERE "BudgetAmount" IS NOT NULL;
                UPDATE "TimEntries" SET "AmountMinor" = CASE WHEN "RateCurrency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF') THEN CAST(ROUND("AmountMinor" / 100.0) AS INTEGER) ELSE "AmountMinor" * 10 END
                WHERE "RateCurrency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF', 'BHD','IQD','JOD','KWD','LYD','OMR','TND');
                UPDATE "TimDayTotals" SET "AmountMinor" = COALESCE((SELECT SUM(e."AmountMinor") FROM "TimEntries" e
                    WHERE e."TenantId" = "TimDayTotals"."TenantId" AND e."LocalDate" = "TimDayTotals"."Day" AND e."ProjectId" = "TimDayTotals"."ProjectId"
                    AND e."UserId" = "TimDayTotals"."UserId" AND e."Billable" = "TimDayTotals"."Billable" AND COALESCE(e."RateCurrency", '') = "TimDayTotals"."Currency"), 0)
                WHERE "Currency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF', 'BHD','IQD','JOD','KWD','LYD','OMR','TND');
                UPDATE "TimMonthTotals" SET "AmountMinor" = COALESCE((SELECT SUM(d."AmountMinor") FROM "TimDayTotals" d
                    WHERE d."TenantId" = "TimMonthTotals"."TenantId" AND d."ClientId" = "TimMonthTotals"."ClientId" AND d."Billable" = "TimMonthTotals"."Billable"
                    AND d."Currency" = "TimMonthTotals"."Currency" AND d."Day" >= "TimMonthTotals"."Month" AND d."Day" < date("TimMonthTotals"."Month", '+1 month')), 0)
                WHERE "Currency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF', 'BHD','IQD','JOD','KWD','LYD','OMR','TND');
                """);

            migrationBuilder.DropColumn(
                name: "BudgetAmount",
                table: "PrjProjects");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BudgetAmountMinor",
                table: "PrjProjects");

            migrationBuilder.RenameColumn(
                name: "AmountMinor",
                table: "TimMonthTotals",
                newName: "AmountCents");

            migrationBuilder.RenameColumn(
                name: "AmountMinor",
                table: "TimEntries",
                newName: "AmountCents");

            migrationBuilder.RenameColumn(
                name: "AmountMinor",
                table: "TimDayTotals",
                newName: "AmountCents");

            migrationBuilder.AddColumn<decimal>(
                name: "BudgetAmount",
                table: "PrjProjects",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: true);
        }
    }
}
