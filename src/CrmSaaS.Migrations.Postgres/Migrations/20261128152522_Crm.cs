using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    BillingAddress = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    VatId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    BillingEmails = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Phone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Website = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    DocumentLanguage = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Tags = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ResponsibleManagerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmClients", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmImportBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    Mapping = table.Column<string>(type: "text", nullable: true),
                    DuplicateMode = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    Merged = table.Column<int>(type: "integer", nullable: false),
                    Skipped = table.Column<int>(type: "integer", nullable: false),
                    Invalid = table.Column<int>(type: "integer", nullable: false),
                    Report = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmImportBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmClientManagers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    FirstName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LastName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailNormalized = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Phone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Position = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: true),
                    IsRepresentative = table.Column<bool>(type: "boolean", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Tags = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Done = table.Column<bool>(type: "boolean", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: true),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
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
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: false),
                    Token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SortKey = table.Column<string>(type: "character varying(201)", maxLength: 201, nullable: false)
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
