using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class WebhookChannelsAndFeedTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ApiClientId",
                table: "WebhookEndpoints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "WebhookEndpoints",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "StandardWebhooks");

            migrationBuilder.CreateTable(
                name: "FeedTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEndpoints_ApiClientId",
                table: "WebhookEndpoints",
                column: "ApiClientId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedTokens_TokenHash",
                table: "FeedTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeedTokens_UserId",
                table: "FeedTokens",
                column: "UserId",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_WebhookEndpoints_ApiClients_ApiClientId",
                table: "WebhookEndpoints",
                column: "ApiClientId",
                principalTable: "ApiClients",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WebhookEndpoints_ApiClients_ApiClientId",
                table: "WebhookEndpoints");

            migrationBuilder.DropTable(
                name: "FeedTokens");

            migrationBuilder.DropIndex(
                name: "IX_WebhookEndpoints_ApiClientId",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "ApiClientId",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "WebhookEndpoints");
        }
    }
}
