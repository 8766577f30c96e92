using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmSaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Projects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PrjProjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    BudgetHours = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    BudgetAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Billable = table.Column<bool>(type: "INTEGER", nullable: false),
                    HourlyRate = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    FromOnboarding = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrjProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrjProjects_CrmClients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "CrmClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PrjSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BoardColumns = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OnboardingCreateProject = table.Column<bool>(type: "INTEGER", nullable: false),
                    OnboardingInviteRepresentatives = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrjSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrjBoards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrjBoards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrjBoards_PrjProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PrjProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrjMembers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    InvitedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    InvitationExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcceptedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Subscribed = table.Column<bool>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AddedBy = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrjMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrjMembers_CrmContacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "CrmContacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PrjMembers_PrjProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PrjProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrjUpdates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    VisibleToClient = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrjUpdates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrjUpdates_PrjProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PrjProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrjBoardColumns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BoardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    IsDone = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrjBoardColumns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrjBoardColumns_PrjBoards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "PrjBoards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrjTasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ColumnId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EstimateHours = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    Labels = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrjTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrjTasks_PrjBoardColumns_ColumnId",
                        column: x => x.ColumnId,
                        principalTable: "PrjBoardColumns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PrjTasks_PrjProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PrjProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrjTaskAssignees",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrjTaskAssignees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrjTaskAssignees_PrjTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "PrjTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrjTaskComments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    VisibleToClient = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrjTaskComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrjTaskComments_PrjTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "PrjTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PrjBoardColumns_BoardId",
                table: "PrjBoardColumns",
                column: "BoardId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjBoardColumns_TenantId_BoardId_Position",
                table: "PrjBoardColumns",
                columns: new[] { "TenantId", "BoardId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjBoards_ProjectId",
                table: "PrjBoards",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjBoards_TenantId_ProjectId",
                table: "PrjBoards",
                columns: new[] { "TenantId", "ProjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrjMembers_ContactId",
                table: "PrjMembers",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjMembers_ProjectId",
                table: "PrjMembers",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjMembers_TenantId_ContactId",
                table: "PrjMembers",
                columns: new[] { "TenantId", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjMembers_TenantId_ProjectId_ContactId",
                table: "PrjMembers",
                columns: new[] { "TenantId", "ProjectId", "ContactId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrjMembers_TenantId_ProjectId_UserId",
                table: "PrjMembers",
                columns: new[] { "TenantId", "ProjectId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrjMembers_TenantId_UserId",
                table: "PrjMembers",
                columns: new[] { "TenantId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjMembers_TokenHash",
                table: "PrjMembers",
                column: "TokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_PrjProjects_ClientId",
                table: "PrjProjects",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjProjects_TenantId_ClientId_Name",
                table: "PrjProjects",
                columns: new[] { "TenantId", "ClientId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjProjects_TenantId_Code",
                table: "PrjProjects",
                columns: new[] { "TenantId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrjProjects_TenantId_Name",
                table: "PrjProjects",
                columns: new[] { "TenantId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjProjects_TenantId_Status",
                table: "PrjProjects",
                columns: new[] { "TenantId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjSettings_TenantId",
                table: "PrjSettings",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrjTaskAssignees_TaskId",
                table: "PrjTaskAssignees",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjTaskAssignees_TenantId_TaskId_UserId",
                table: "PrjTaskAssignees",
                columns: new[] { "TenantId", "TaskId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrjTaskAssignees_TenantId_UserId",
                table: "PrjTaskAssignees",
                columns: new[] { "TenantId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjTaskComments_TaskId",
                table: "PrjTaskComments",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjTaskComments_TenantId_AuthorId_CreatedAt",
                table: "PrjTaskComments",
                columns: new[] { "TenantId", "AuthorId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjTaskComments_TenantId_TaskId_CreatedAt",
                table: "PrjTaskComments",
                columns: new[] { "TenantId", "TaskId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjTasks_ColumnId",
                table: "PrjTasks",
                column: "ColumnId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjTasks_ProjectId",
                table: "PrjTasks",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjTasks_TenantId_ColumnId_Position",
                table: "PrjTasks",
                columns: new[] { "TenantId", "ColumnId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjTasks_TenantId_ProjectId_ColumnId_Position",
                table: "PrjTasks",
                columns: new[] { "TenantId", "ProjectId", "ColumnId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_PrjUpdates_ProjectId",
                table: "PrjUpdates",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_PrjUpdates_TenantId_ProjectId_CreatedAt",
                table: "PrjUpdates",
                columns: new[] { "TenantId", "ProjectId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PrjMembers");

            migrationBuilder.DropTable(
                name: "PrjSettings");

            migrationBuilder.DropTable(
                name: "PrjTaskAssignees");

            migrationBuilder.DropTable(
                name: "PrjTaskComments");

            migrationBuilder.DropTable(
                name: "PrjUpdates");

            migrationBuilder.DropTable(
                name: "PrjTasks");

            migrationBuilder.DropTable(
                name: "PrjBoardColumns");

            migrationBuilder.DropTable(
                name: "PrjBoards");

            migrationBuilder.DropTable(
                name: "PrjProjects");
        }
    }
}
