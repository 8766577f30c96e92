using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Crm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CrmClients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    BillingAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    VatId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    BillingEmails = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    DocumentLanguage = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ResponsibleManagerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmClients", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmImportBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Mapping = table.Column<string>(type: "TEXT", nullable: true),
                    DuplicateMode = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Merged = table.Column<int>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    Invalid = table.Column<int>(type: "INTEGER", nullable: false),
                    Report = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmImportBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmClientManagers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmClientManagers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrmClientManagers_CrmClients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "CrmClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrmContacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FirstName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LastName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailNormalized = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Position = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IsRepresentative = table.Column<bool>(type: "INTEGER", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrmContacts_CrmClients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "CrmClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "CrmActivities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Done = table.Column<bool>(type: "INTEGER", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmActivities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrmActivities_CrmClients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "CrmClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CrmActivities_CrmContacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "CrmContacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrmContactAssignees",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmContactAssignees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrmContactAssignees_CrmContacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "CrmContacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrmContactSearchTokens",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SortKey = table.Column<string>(type: "TEXT", maxLength: 201, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmContactSearchTokens", x => new { x.TenantId, x.Token, x.SortKey, x.ContactId });
                    table.ForeignKey(
                        name: "FK_CrmContactSearchTokens_CrmContacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "CrmContacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_ClientId",
                table: "CrmActivities",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_ContactId",
                table: "CrmActivities",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_TenantId_AuthorId_Done_DueAt",
                table: "CrmActivities",
                columns: new[] { "TenantId", "AuthorId", "Done", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_TenantId_ClientId_OccurredAt",
                table: "CrmActivities",
                columns: new[] { "TenantId", "ClientId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_TenantId_ContactId_OccurredAt",
                table: "CrmActivities",
                columns: new[] { "TenantId", "ContactId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_TenantId_OccurredAt",
                table: "CrmActivities",
                columns: new[] { "TenantId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmClientManagers_ClientId",
                table: "CrmClientManagers",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmClientManagers_TenantId_ClientId_UserId",
                table: "CrmClientManagers",
                columns: new[] { "TenantId", "ClientId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrmClientManagers_TenantId_UserId",
                table: "CrmClientManagers",
                columns: new[] { "TenantId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmClients_TenantId_CreatedAt",
                table: "CrmClients",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmClients_TenantId_Name",
                table: "CrmClients",
                columns: new[] { "TenantId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmClients_TenantId_ResponsibleManagerId",
                table: "CrmClients",
                columns: new[] { "TenantId", "ResponsibleManagerId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmContactAssignees_ContactId",
                table: "CrmContactAssignees",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmContactAssignees_TenantId_ContactId_UserId",
                table: "CrmContactAssignees",
                columns: new[] { "TenantId", "ContactId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrmContactAssignees_TenantId_UserId",
                table: "CrmContactAssignees",
                columns: new[] { "TenantId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_ClientId",
                table: "CrmContacts",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_TenantId_ClientId_LastName",
                table: "CrmContacts",
                columns: new[] { "TenantId", "ClientId", "LastName" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_TenantId_CreatedAt",
                table: "CrmContacts",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_TenantId_EmailNormalized",
                table: "CrmContacts",
                columns: new[] { "TenantId", "EmailNormalized" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_TenantId_LastName_FirstName",
                table: "CrmContacts",
                columns: new[] { "TenantId", "LastName", "FirstName" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_TenantId_OwnerId_LastName",
                table: "CrmContacts",
                columns: new[] { "TenantId", "OwnerId", "LastName" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmContactSearchTokens_ContactId",
                table: "CrmContactSearchTokens",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmImportBatches_TenantId_CreatedAt",
                table: "CrmImportBatches",
                columns: new[] { "TenantId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CrmActivities");

            migrationBuilder.DropTable(
                name: "CrmClientManagers");

            migrationBuilder.DropTable(
                name: "CrmContactAssignees");

            migrationBuilder.DropTable(
                name: "CrmContactSearchTokens");

            migrationBuilder.DropTable(
                name: "CrmImportBatches");

            migrationBuilder.DropTable(
                name: "CrmContacts");

            migrationBuilder.DropTable(
                name: "CrmClients");
        }
    }
}
