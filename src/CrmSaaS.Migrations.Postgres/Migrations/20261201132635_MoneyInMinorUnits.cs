using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
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

            migrationBuilder.AlterColumn<decimal>(
                name: "Amount",
                table: "TimRates",
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric(18,2)",
                oldPrecision: 18,
                oldScale: 2);

            migrationBuilder.AlterColumn<decimal>(
                name: "CostRate",
                table: "TimMemberProfiles",
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(18,2)",
                oldPrecision: 18,
                oldScale: 2,
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "RateAmount",
                table: "TimEntries",
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(18,2)",
                oldPrecision: 18,
                oldScale: 2,
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "HourlyRate",
                table: "PrjProjects",
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(18,2)",
                oldPrecision: 18,
                oldScale: 2,
                oldNullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BudgetAmountMinor",
                table: "PrjProjects",
                type: "bigint",
                nullable: true);

            // Amounts were kept as hundredths for every currency; they are now the currency's own minor units.
            migrationBuilder.Sql("""
                UPDATE "PrjProjects" SET "BudgetAmountMinor" = ROUND("BudgetAmount" *
                    CASE WHEN "Currency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF') THEN 1 WHEN "Currency" IN ('BHD','IQD','JOD','KWD','LYD','OMR','TND') THEN 1000 ELSE 100 END)::bigint
                WHERE "BudgetAmount" IS NOT NULL;
                UPDATE "TimEntries" SET "AmountMinor" = CASE WHEN "RateCurrency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF') THEN ROUND("AmountMinor" / 100.0)::bigint ELSE "AmountMinor" * 10 END
                WHERE "RateCurrency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF', 'BHD','IQD','JOD','KWD','LYD','OMR','TND');
                UPDATE "TimDayTotals" t SET "AmountMinor" = COALESCE((SELECT SUM(e."AmountMinor") FROM "TimEntries" e
                    WHERE e."TenantId" = t."TenantId" AND e."LocalDate" = t."Day" AND e."ProjectId" = t."ProjectId"
                    AND e."UserId" = t."UserId" AND e."Billable" = t."Billable" AND COALESCE(e."RateCurrency", '') = t."Currency"), 0)
                WHERE t."Currency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF', 'BHD','IQD','JOD','KWD','LYD','OMR','TND');
                UPDATE "TimMonthTotals" m SET "AmountMinor" = COALESCE((SELECT SUM(d."AmountMinor") FROM "TimDayTotals" d
                    WHERE d."TenantId" = m."TenantId" AND d."ClientId" = m."ClientId" AND d."Billable" = m."Billable"
                    AND d."Currency" = m."Currency" AND d."Day" >= m."Month" AND d."Day" < (m."Month" + interval '1 month')::date), 0)
                WHERE m."Currency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF', 'BHD','IQD','JOD','KWD','LYD','OMR','TND');
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

            migrationBuilder.AlterColumn<decimal>(
                name: "Amount",
                table: "TimRates",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric(19,4)",
                oldPrecision: 19,
                oldScale: 4);

            migrationBuilder.AlterColumn<decimal>(
                name: "CostRate",
                table: "TimMemberProfiles",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(19,4)",
                oldPrecision: 19,
                oldScale: 4,
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "RateAmount",
                table: "TimEntries",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(19,4)",
                oldPrecision: 19,
                oldScale: 4,
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "HourlyRate",
                table: "PrjProjects",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(19,4)",
                oldPrecision: 19,
                oldScale: 4,
                oldNullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "BudgetAmount",
                table: "PrjProjects",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);
        }
    }
}
