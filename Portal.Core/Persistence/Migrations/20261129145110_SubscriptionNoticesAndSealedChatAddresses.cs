using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SubscriptionNoticesAndSealedChatAddresses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SealedUrl",
                table: "WebhookEndpoints",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EndAnnouncedAt",
                table: "Maintenances",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StartAnnouncedAt",
                table: "Maintenances",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MaintenanceNotices",
                table: "EmailSubscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "EmailSubscriptions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PhaseNotices",
                table: "EmailSubscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Subscribers who chose everything or chosen systems take maintenance and phase notices by default.
            migrationBuilder.Sql("""UPDATE "EmailSubscriptions" SET "MaintenanceNotices" = 1, "PhaseNotices" = 1 WHERE "Choice" <> 'StatementsOnly';""");

            // Starts and ends that passed before the portal told them are not told late (times are UTC ticks).
            migrationBuilder.Sql("""UPDATE "Maintenances" SET "StartAnnouncedAt" = "StartsAt" WHERE "StartsAt" <= (CAST(strftime('%s', 'now') AS INTEGER) * 10000000 + 621355968000000000);""");
            migrationBuilder.Sql("""UPDATE "Maintenances" SET "EndAnnouncedAt" = "EndsAt" WHERE "EndsAt" <= (CAST(strftime('%s', 'now') AS INTEGER) * 10000000 + 621355968000000000);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SealedUrl",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "EndAnnouncedAt",
                table: "Maintenances");

            migrationBuilder.DropColumn(
                name: "StartAnnouncedAt",
                table: "Maintenances");

            migrationBuilder.DropColumn(
                name: "MaintenanceNotices",
                table: "EmailSubscriptions");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "EmailSubscriptions");

            migrationBuilder.DropColumn(
                name: "PhaseNotices",
                table: "EmailSubscriptions");
        }
    }
}
