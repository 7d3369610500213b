using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AudiencePortals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Audiences",
                table: "Invitations",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "DisplayName",
                table: "Invitations",
                type: "TEXT",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Organisation",
                table: "Invitations",
                type: "TEXT",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactsMarkdown",
                table: "Audiences",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HeadlineQuestion",
                table: "Audiences",
                type: "TEXT",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HeadlineSystemId",
                table: "Audiences",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistrationDomains",
                table: "Audiences",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "SelfRegistrationOpen",
                table: "Audiences",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Organisation",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 120,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Audiences",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "DisplayName",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "Organisation",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "ContactsMarkdown",
                table: "Audiences");

            migrationBuilder.DropColumn(
                name: "HeadlineQuestion",
                table: "Audiences");

            migrationBuilder.DropColumn(
                name: "HeadlineSystemId",
                table: "Audiences");

            migrationBuilder.DropColumn(
                name: "RegistrationDomains",
                table: "Audiences");

            migrationBuilder.DropColumn(
                name: "SelfRegistrationOpen",
                table: "Audiences");

            migrationBuilder.DropColumn(
                name: "Organisation",
                table: "AspNetUsers");
        }
    }
}
