using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.PostgreSql.Migrations
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
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<long>(
                name: "EndAnnouncedAt",
                table: "Maintenances",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StartAnnouncedAt",
                table: "Maintenances",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MaintenanceNotices",
                table: "EmailSubscriptions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "EmailSubscriptions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<bool>(
                name: "PhaseNotices",
                table: "EmailSubscriptions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Subscribers who chose everything or chosen systems take maintenance and phase notices by default.
            migrationBuilder.Sql("""UPDATE "EmailSubscriptions" SET "MaintenanceNotices" = TRUE, "PhaseNotices" = TRUE WHERE "Choice" <> 'StatementsOnly';""");

            // Starts and ends that passed before the portal told them are not told late (times are UTC ticks).
            migrationBuilder.Sql("""UPDATE "Maintenances" SET "StartAnnouncedAt" = "StartsAt" WHERE "StartsAt" <= (CAST(EXTRACT(EPOCH FROM now()) AS bigint) * 10000000 + 621355968000000000);""");
            migrationBuilder.Sql("""UPDATE "Maintenances" SET "EndAnnouncedAt" = "EndsAt" WHERE "EndsAt" <= (CAST(EXTRACT(EPOCH FROM now()) AS bigint) * 10000000 + 621355968000000000);""");
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
