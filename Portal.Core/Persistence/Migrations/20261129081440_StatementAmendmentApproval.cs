using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StatementAmendmentApproval : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AmendmentApprovedAt",
                table: "Statements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AmendmentApprovedBy",
                table: "Statements",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AmendmentBodyMarkdown",
                table: "Statements",
                type: "TEXT",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AmendmentBy",
                table: "Statements",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AmendmentState",
                table: "Statements",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AmendmentSubmittedAt",
                table: "Statements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AmendmentTitle",
                table: "Statements",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawnByRole",
                table: "Statements",
                type: "TEXT",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AmendmentApprovedAt",
                table: "Statements");

            migrationBuilder.DropColumn(
                name: "AmendmentApprovedBy",
                table: "Statements");

            migrationBuilder.DropColumn(
                name: "AmendmentBodyMarkdown",
                table: "Statements");

            migrationBuilder.DropColumn(
                name: "AmendmentBy",
                table: "Statements");

            migrationBuilder.DropColumn(
                name: "AmendmentState",
                table: "Statements");

            migrationBuilder.DropColumn(
                name: "AmendmentSubmittedAt",
                table: "Statements");

            migrationBuilder.DropColumn(
                name: "AmendmentTitle",
                table: "Statements");

            migrationBuilder.DropColumn(
                name: "WithdrawnByRole",
                table: "Statements");
        }
    }
}
