using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Seeding;

/// <summary>
/// A demonstration estate: a car maker three weeks into a controlled restart after a cyber attack.
/// Every date is relative to the moment of seeding, so the demonstration always looks current.
/// </summary>
internal static class DemoEstate
{
    public const string Colleagues = "colleagues";
    public const string Suppliers = "suppliers";
    public const string Retailers = "retailers";
    private const string Public = Audience.Public;
    private const string Operator = "restart control room";

    public static async Task SeedAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attack = Day(now, -20).AddHours(6);
        var tracked = Day(now, -120);

        var finance = new SystemGroup("Finance", 1);
        var supply = new SystemGroup("Supply chain", 2);
        var retail = new SystemGroup("Sales & retail", 3);
        var manufacturing = new SystemGroup("Manufacturing", 4);
        var colleagueServices = new SystemGroup("Colleague services", 5);
        db.SystemGroups.AddRange(finance, supply, retail, manufacturing, colleagueServices);

        var phases = new[]
        {
            new RestartPhase(1, "Secure foundations",
                "Rebuild identity, network and endpoint protection; bring back email and payroll for colleagues.",
                [Public], attack.AddDays(2)),
            new RestartPhase(2, "Money flowing again",
                "Supplier invoicing and payments, then wholesale vehicle finance for retailers.",
                [Public], attack.AddDays(7)),
            new RestartPhase(3, "Supplier connections",
                "Supplier portal, EDI messages and advance shipping notices, partner by partner.",
                [Suppliers, Colleagues], attack.AddDays(10)),
            new RestartPhase(4, "Plants back to production",
                "Manufacturing execution at each plant in turn, with parts logistics alongside.",
                [Public], attack.AddDays(14)),
            new RestartPhase(5, "Sales and retail systems",
                "Vehicle ordering, dealer system links and online vehicle registration.",
                [Public], now.AddDays(6)),
        };
        db.RestartPhases.AddRange(phases);
        await db.SaveChangesAsync(cancellationToken);

        var systems = new List<EstateSystem>();
        EstateSystem Add(string slug, string name, string description, SystemGroup group, RestartPhase phase, params string[] audiences)
        {
            var system = new EstateSystem(slug, name, description, group, systems.Count + 1, audiences, tracked);
            system.AssignToPhase(phase);
            systems.Add(system);
            return system;
        }

        var invoicing = Add("supplier-invoicing", "Supplier invoice processing",
            "Receives, matches and approves supplier invoices against orders and deliveries.",
            finance, phases[1], Suppliers, Colleagues);
        var payments = Add("supplier-payments", "Supplier payments",
            "Pays approved supplier invoices on their agreed terms.", finance, phases[1], Suppliers);
        var wholesale = Add("wholesale-vehicle-finance", "Wholesale vehicle finance",
            "Stock funding lines that retailers use to hold new vehicles.", finance, phases[1], Retailers);
        var edi = Add("supplier-portal-edi", "Supplier portal and EDI",
            "Schedules, call-offs and order messages exchanged with parts suppliers.", supply, phases[2], Suppliers);
        var asn = Add("advance-shipping-notices", "Advance shipping notices (ASN)",
            "Suppliers announce what is on each truck before it arrives at a plant.", supply, phases[2], Suppliers);
        var parts = Add("global-parts-logistics", "Global parts logistics",
            "Moves service parts from the central warehouse to retailers and workshops.", supply, phases[3],
            Public, Suppliers, Retailers);
        var registration = Add("online-vehicle-registration", "Online vehicle registration",
            "Registers new vehicles with the licensing authority at the point of sale.", retail, phases[4],
            Public, Retailers);
        var ordering = Add("retailer-vehicle-ordering", "Retailer vehicle ordering",
            "Retailers order new vehicles for customers and for stock.", retail, phases[4], Retailers);
        var dms = Add("dealer-system-integration", "Dealer management system integration",
            "Links retailers' own dealer systems to orders, warranty and parts.", retail, phases[4], Retailers);
        var northfield = Add("northfield-plant", "Northfield plant manufacturing execution",
            "Line control, build sequencing and quality records at the Northfield body and assembly plant.",
            manufacturing, phases[3], Public, Colleagues, Suppliers);
        var riverside = Add("riverside-plant", "Riverside plant manufacturing execution",
            "Line control and build sequencing at the Riverside assembly plant.",
            manufacturing, phases[3], Public, Colleagues, Suppliers);
        var westgate = Add("westgate-plant", "Westgate engine plant manufacturing execution",
            "Machining and engine assembly control at the Westgate engine plant.",
            manufacturing, phases[3], Public, Colleagues, Suppliers);
        var payroll = Add("payroll", "Payroll", "Pays colleagues' salaries and expenses.",
            colleagueServices, phases[0], Colleagues);
        var email = Add("email-collaboration", "Email and collaboration", "Email, calendars, chat and shared documents.",
            colleagueServices, phases[0], Colleagues);
        var hr = Add("hr-self-service", "HR self-service",
            "Holiday requests, payslips, personal details and absence reporting.", colleagueServices, phases[0], Colleagues);
        var contact = Add("customer-contact-centre", "Customer contact centre",
            "Phone and web enquiries from vehicle owners and the public.", retail, phases[0], Public);

        db.EstateSystems.AddRange(systems);

        foreach (var system in systems)
        {
            system.ChangeStatus(SystemStatus.Offline,
                "Shut down as a precaution while the cyber attack was contained.", null, null, Operator, attack);
        }

        void Move(EstateSystem system, int dayOffset, SystemStatus status, string reason, string? workaround = null, int? expectedInDays = null) =>
            system.ChangeStatus(status, reason, workaround, expectedInDays is { } d ? Day(now, d).AddHours(17) : null,
                Operator, Day(now, dayOffset).AddHours(9 + Math.Abs(system.DisplayOrder % 7)));

        Move(email, -17, SystemStatus.Restoring, "Rebuilt on clean infrastructure; mailboxes returning in waves.");
        Move(email, -15, SystemStatus.Operational, "All mailboxes restored.");
        Move(payroll, -16, SystemStatus.Workaround, "Salaries paid from last month's figures.",
            "This month's pay equals last month's; overtime and changes will be settled in the next run.");
        Move(payroll, -5, SystemStatus.Operational, "Payroll system restored and checked; next run on schedule.");
        Move(hr, -4, SystemStatus.Restoring, "Payslips are available again; other services follow.", expectedInDays: 3);
        Move(contact, -18, SystemStatus.Degraded, "Phone lines open with longer waiting times; web forms off.");
        Move(contact, -9, SystemStatus.Operational, "Phone and web enquiries working normally.");

        Move(invoicing, -11, SystemStatus.Restoring, "Invoice matching restarted; the backlog is being worked through.");
        Move(invoicing, -6, SystemStatus.Degraded, "New invoices processed within a day; older backlog cleared oldest first.");
        Move(payments, -12, SystemStatus.Workaround, "Payment runs restarted outside the usual system.",
            "Approved invoices are paid in manual payment runs every Tuesday and Friday. Remittance advice arrives by email the next day.",
            expectedInDays: 4);
        Move(wholesale, -7, SystemStatus.Restoring, "Funding lines being reconciled with the finance partner.", expectedInDays: 2);

        Move(edi, -9, SystemStatus.Restoring, "Connecting suppliers in priority order.");
        Move(edi, -4, SystemStatus.Operational, "All supplier connections restored.");
        Move(asn, -5, SystemStatus.Degraded, "Notices accepted; some reach the plant up to two hours late.");
        Move(parts, -10, SystemStatus.Restoring, "Warehouse picking restarted for urgent workshop orders.");
        Move(parts, -3, SystemStatus.Degraded, "Orders shipping; deliveries take one to two extra days.");

        Move(northfield, -6, SystemStatus.Restoring, "Line restarting at reduced rate.");
        Move(northfield, -2, SystemStatus.Operational, "Northfield is building at its normal rate.");
        Move(riverside, -1, SystemStatus.Restoring, "First shift back; line running at half rate.", expectedInDays: 3);
        Move(registration, -8, SystemStatus.Workaround, "Registration link to the licensing authority not yet reconnected.",
            "Hand new vehicles over without the online registration step. Record the customer and vehicle on the paper form, and register each vehicle within five working days of the service returning.",
            expectedInDays: 7);

        await db.SaveChangesAsync(cancellationToken);

        var incident = new Incident("Cyber incident and controlled restart", IncidentImpact.Major, [Public],
            systems.Select(s => s.Id), attack);
        incident.ChangeState(IncidentState.Identified, attack.AddDays(2));
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(cancellationToken);

        Statement Publish(int dayOffset, string title, string body, string[] audiences, params EstateSystem[] linked)
        {
            var at = Day(now, dayOffset).AddHours(10);
            var statement = new Statement(title, body, audiences, incident.Id, linked.Select(s => s.Id), "Communications team", at);
            statement.Submit(at);
            statement.Approve("Head of communications", at);
            statement.Publish("Communications team", at);
            db.Statements.Add(statement);
            return statement;
        }

        Publish(-20, "We have shut down our IT systems as a precaution",
            """
            Early this morning we detected unauthorised activity on parts of our IT network. To protect our
            data and our partners, we **shut down our systems in a controlled way**. Production and vehicle
            deliveries are paused while we investigate with specialist support.

            We will update this page as we learn more. Please do not rely on messages about this incident
            that do not appear here.
            """, [Public]);
        var restart = Publish(-12, "Our controlled, phased restart has begun",
            """
            Our investigation has confirmed which systems were affected, and we have begun to restart the
            estate **in phases**, starting with the foundations every other system depends on.

            The restart tracker on this page shows each phase and how many of its systems are back.
            """, [Public], email, payroll, contact);
        restart.SubmitAmendment("Our controlled, phased restart has begun",
            """
            Our investigation has confirmed which systems were affected, and we have begun to restart the
            estate **in phases**, starting with the foundations every other system depends on.

            The restart tracker on this page shows each phase and how many of its systems are back.
            Colleagues: email and payroll are among the first systems restored.
            """, "Communications team", Day(now, -11).AddHours(9));
        restart.ApproveAmendment("Head of communications", Day(now, -11).AddHours(9));
        restart.PublishAmendment("Communications team", Day(now, -11).AddHours(9));
        Publish(-5, "Supplier payments: how invoices are being paid",
            """
            Supplier payments are running through **manual payment runs every Tuesday and Friday** while the
            payments system is rebuilt. Invoices already approved are paid oldest first.

            - Keep sending invoices as usual through the supplier portal or EDI.
            - Remittance advice arrives by email the day after each run.
            - Urgent hardship cases: contact your buyer, who can prioritise a payment.
            """, [Suppliers], invoicing, payments);
        Publish(-3, "Delivering vehicles while online registration is unavailable",
            """
            Retailers can **hand over new vehicles now**, without the online registration step. Record each
            handover on the paper registration form and keep it with the deal file.

            When the registration service returns, register each vehicle within five working days. We will
            announce the date here first.
            """, [Retailers], registration);
        Publish(-1, "Northfield plant is back at full production",
            """
            Northfield is building vehicles at its normal rate again, and Riverside restarted its first shift
            today. Westgate engine plant follows once its machining systems are checked.
            """, [Public, Colleagues, Suppliers], northfield, riverside, westgate);

        Publish(-1, "Riverside and Westgate colleagues: your shifts this week",
            """
            **Riverside:** first shift only until the line is back at full rate. Second-shift colleagues stay at
            home on full pay; your team leader will call you before your shift returns.

            **Westgate:** report to the training centre as usual. Machining restarts once each machine's control
            system has been checked, and your supervisor will tell you which line you join each morning.
            """, [Colleagues], riverside, westgate);

        var draft = new Statement("Wholesale finance lines reopen",
            "Funding lines are being reconciled and will reopen shortly.", [Retailers], incident.Id, [wholesale.Id],
            "Communications team", now.AddHours(-2));
        db.Statements.Add(draft);

        phases[0].Start(attack.AddDays(2));
        phases[0].Complete(Day(now, -5));
        phases[1].Start(Day(now, -12));
        phases[2].Start(Day(now, -9));
        phases[3].Start(Day(now, -6));

        db.Maintenances.Add(new Maintenance("Riverside plant: manufacturing execution cut-over",
            "The Riverside line control system moves to its rebuilt servers. The line pauses for the window.",
            Day(now, 2).AddHours(20), Day(now, 3).AddHours(4), [Public, Colleagues, Suppliers], [riverside.Id], now));
        db.Maintenances.Add(new Maintenance("Supplier portal: certificate renewal",
            "Supplier EDI connections need their new certificates installed; messages queue and are delivered afterwards.",
            Day(now, 4).AddHours(22), Day(now, 4).AddHours(23), [Suppliers], [edi.Id], now));

        var backlog = new Metric("supplier-invoices-awaiting-payment", "Supplier invoices awaiting payment", "invoices",
            "Approved supplier invoices not yet paid.", [Suppliers], MetricDirection.HigherIsWorse);
        for (var day = -14; day <= 0; day++)
        {
            var value = Math.Round(48_200m * (decimal)Math.Pow(0.86, day + 14) + 1_500m * ((day + 14) % 3));
            var at = Day(now, day).AddHours(7);
            backlog.AddPoint(at < now ? at : now, value);
        }

        db.Metrics.Add(backlog);
        await db.SaveChangesAsync(cancellationToken);

        await DescribeAudiencePagesAsync(db, payments, registration, payroll, cancellationToken);
    }

    /// <summary>What each audience's own page leads with, and whom it names to contact.</summary>
    private static async Task DescribeAudiencePagesAsync(PortalDbContext db, EstateSystem payments, EstateSystem registration,
        EstateSystem payroll, CancellationToken cancellationToken)
    {
        var audiences = await db.Audiences.ToDictionaryAsync(a => a.Key, cancellationToken);
        if (audiences.TryGetValue(Suppliers, out var suppliers))
        {
            suppliers.DescribePage("Are supplier invoices being paid?", payments.Id,
                """
                - **Invoices and payments:** your usual accounts-payable contact, or supplier.payments@northwind-motors.example
                - **EDI and advance shipping notices:** the EDI help desk, +44 20 7946 0101 (every day, 06:00 to 22:00)
                - **Urgent hardship cases:** your buyer, who can prioritise a payment
                """);
            suppliers.SetRegistration(true, ["partsco.example", "northpress-components.example"]);
        }

        if (audiences.TryGetValue(Retailers, out var retailers))
        {
            retailers.DescribePage("Can we register vehicles right now?", registration.Id,
                """
                - **Vehicle registration and handovers:** the retailer support line, +44 20 7946 0202
                - **Wholesale finance:** your area finance manager
                - **Dealer-system integration:** dms.support@northwind-motors.example
                """);
        }

        if (audiences.TryGetValue(Colleagues, out var colleagues))
        {
            colleagues.DescribePage("Will I be paid on time?", payroll.Id,
                """
                - **Your shift or site:** your team leader or supervisor first
                - **Pay and HR questions:** the HR service centre, +44 20 7946 0303
                - **Suspicious emails or calls:** report them to security@northwind-motors.example; never share passwords
                """);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static DateTimeOffset Day(DateTimeOffset now, int offset)
    {
        var date = now.UtcDateTime.Date.AddDays(offset);
        return new DateTimeOffset(date, TimeSpan.Zero);
    }
}
