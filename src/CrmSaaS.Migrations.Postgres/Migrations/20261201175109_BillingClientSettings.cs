using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class BillingClientSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BilClientSettings",
                columns: table => new
                {
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    PaymentTermDays = table.Column<int>(type: "integer", nullable: false),
                    VatRule = table.Column<int>(type: "integer", nullable: false),
                    BuyerReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Schedule = table.Column<int>(type: "integer", nullable: false),
                    Grouping = table.Column<int>(type: "integer", nullable: false),
                    AutoIssue = table.Column<bool>(type: "boolean", nullable: false),
                    AutoSend = table.Column<bool>(type: "boolean", nullable: false),
                    AcceptBankTransfer = table.Column<bool>(type: "boolean", nullable: false),
                    AcceptCard = table.Column<bool>(type: "boolean", nullable: false),
                    AcceptCrypto = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BilClientSettings", x => x.ClientId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BilClientSettings_TenantId",
                table: "BilClientSettings",
                column: "TenantId");

            // Every client already there gets the defaults a new client gets.
            migrationBuilder.Sql(
                "INSERT INTO \"BilClientSettings\" (\"ClientId\", \"TenantId\", \"PaymentTermDays\", \"VatRule\", \"Schedule\", \"Grouping\", " +
                "\"AutoIssue\", \"AutoSend\", \"AcceptBankTransfer\", \"AcceptCard\", \"AcceptCrypto\") " +
                "SELECT \"Id\", \"TenantId\", 14, 0, 0, 0, FALSE, FALSE, TRUE, FALSE, FALSE FROM \"CrmClients\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BilClientSettings");
        }
    }
}
