using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Time : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TimBudgetAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimBudgetAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TimBudgetAlerts_PrjProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PrjProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TimDayTotals",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Billable = table.Column<bool>(type: "boolean", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Seconds = table.Column<long>(type: "bigint", nullable: false),
                    BillableSeconds = table.Column<long>(type: "bigint", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Entries = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimDayTotals", x => new { x.TenantId, x.Day, x.ProjectId, x.UserId, x.Billable, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "TimEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    TaskId = table.Column<Guid>(type: "uuid", nullable: true),
                    StartUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Seconds = table.Column<int>(type: "integer", nullable: false),
                    LocalDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Billable = table.Column<bool>(type: "boolean", nullable: false),
                    BillableSeconds = table.Column<int>(type: "integer", nullable: false),
                    RateAmount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    RateCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    RateLevel = table.Column<int>(type: "integer", nullable: true),
                    RateId = table.Column<Guid>(type: "uuid", nullable: true),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "uuid", nullable: true),
                    BilledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TimEntries_CrmClients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "CrmClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TimEntries_PrjProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PrjProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TimEntries_PrjTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "PrjTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "TimMemberProfiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WeeklyCapacityHours = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    CostRate = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    CostCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimMemberProfiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TimMonthTotals",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Billable = table.Column<bool>(type: "boolean", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Seconds = table.Column<long>(type: "bigint", nullable: false),
                    BillableSeconds = table.Column<long>(type: "bigint", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Entries = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimMonthTotals", x => new { x.TenantId, x.Month, x.ClientId, x.Billable, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "TimRates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: true),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimRates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TimRunningTimers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    TaskId = table.Column<Guid>(type: "uuid", nullable: true),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimRunningTimers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TimRunningTimers_PrjProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PrjProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TimSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    FirstDayOfWeek = table.Column<int>(type: "integer", nullable: false),
                    Rounding = table.Column<int>(type: "integer", nullable: false),
                    RoundingMinutes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimSettings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TimBudgetAlerts_ProjectId",
                table: "TimBudgetAlerts",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_TimBudgetAlerts_TenantId_ProjectId_Percent",
                table: "TimBudgetAlerts",
                columns: new[] { "TenantId", "ProjectId", "Percent" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TimDayTotals_TenantId_ClientId_Day",
                table: "TimDayTotals",
                columns: new[] { "TenantId", "ClientId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_TimEntries_ClientId",
                table: "TimEntries",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_TimEntries_ProjectId",
                table: "TimEntries",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_TimEntries_TaskId",
                table: "TimEntries",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_TimEntries_TenantId_ClientId_LocalDate",
                table: "TimEntries",
                columns: new[] { "TenantId", "ClientId", "LocalDate" });

            migrationBuilder.CreateIndex(
                name: "IX_TimEntries_TenantId_InvoiceId",
                table: "TimEntries",
                columns: new[] { "TenantId", "InvoiceId" });

            migrationBuilder.CreateIndex(
                name: "IX_TimEntries_TenantId_ProjectId_LocalDate",
                table: "TimEntries",
                columns: new[] { "TenantId", "ProjectId", "LocalDate" });

            migrationBuilder.CreateIndex(
                name: "IX_TimEntries_TenantId_UserId_LocalDate",
                table: "TimEntries",
                columns: new[] { "TenantId", "UserId", "LocalDate" });

            migrationBuilder.CreateIndex(
                name: "IX_TimMemberProfiles_TenantId_UserId",
                table: "TimMemberProfiles",
                columns: new[] { "TenantId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TimRates_TenantId_ClientId_EffectiveFrom",
                table: "TimRates",
                columns: new[] { "TenantId", "ClientId", "EffectiveFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_TimRates_TenantId_Level_ProjectId_UserId_EffectiveFrom",
                table: "TimRates",
                columns: new[] { "TenantId", "Level", "ProjectId", "UserId", "EffectiveFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_TimRunningTimers_ProjectId",
                table: "TimRunningTimers",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_TimRunningTimers_TenantId_UserId",
                table: "TimRunningTimers",
                columns: new[] { "TenantId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TimSettings_TenantId",
                table: "TimSettings",
                column: "TenantId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TimBudgetAlerts");

            migrationBuilder.DropTable(
                name: "TimDayTotals");

            migrationBuilder.DropTable(
                name: "TimEntries");

            migrationBuilder.DropTable(
                name: "TimMemberProfiles");

            migrationBuilder.DropTable(
                name: "TimMonthTotals");

            migrationBuilder.DropTable(
                name: "TimRates");

            migrationBuilder.DropTable(
                name: "TimRunningTimers");

            migrationBuilder.DropTable(
                name: "TimSettings");
        }
    }
}
