using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Crm;

/// <summary>Realistic clients, contacts (some representatives) and activities for the demo team.</summary>
internal static class CrmDemoData
{
    private static readonly (string Name, string Country, string Currency, string Lang, ClientStatus Status, string Tags)[] Clients =
    [
        ("Nordlicht Reisen GmbH", "DE", "EUR", "de", ClientStatus.Active, "retainer, travel"),
        ("Brightwave Analytics Ltd", "GB", "GBP", "en", ClientStatus.Active, "saas"),
        ("Bäckerei Sommer KG", "DE", "EUR", "de", ClientStatus.Active, "local"),
        ("Alpine Outdoor AG", "CH", "CHF", "de", ClientStatus.Active, "ecommerce, retainer"),
        ("Harbor & Finch LLC", "US", "USD", "en", ClientStatus.Lead, "saas"),
        ("Stadtwerke Lindenau", "DE", "EUR", "de", ClientStatus.Active, "public sector"),
        ("Kite Mobility Oy", "FI", "EUR", "en", ClientStatus.Lead, "mobility"),
        ("Müller & Söhne Maschinenbau", "DE", "EUR", "de", ClientStatus.Inactive, "industry"),
        ("Pixelgarten Studio", "AT", "EUR", "de", ClientStatus.Active, "design"),
        ("Orbit Health Inc.", "US", "USD", "en", ClientStatus.Active, "health, retainer"),
    ];

    private static readonly string[] FirstNames = ["Anna", "Jonas", "Lea", "Lukas", "Mia", "Felix", "Emma", "Paul", "Sophie", "Max", "Olivia", "James", "Amelia", "Noah", "Elif", "Mehmet", "Sara", "David", "Clara", "Ben"];
    private static readonly string[] LastNames = ["Schmidt", "Müller", "Weber", "Fischer", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Wagner", "Smith", "Johnson", "Brown", "Taylor", "Yılmaz", "Novak", "Lindqvist", "García", "Rossi", "Klein"];
    private static readonly string[] Positions = ["Managing Director", "Head of Marketing", "Project Manager", "CFO", "Product Owner", "Office Manager", "CTO", "Marketing Specialist"];

    public static async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var db = services.GetRequiredService<AppDbContext>();
        var index = services.GetRequiredService<ContactSearchIndex>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var random = new Random(2026);
        var sales = new[] { context.MembersByRole[TeamRole.OrganizationManager], context.MembersByRole[TeamRole.SalesManager], context.MembersByRole[TeamRole.SalesRepresentative] };
        var everyone = context.MembersByRole.Values.ToArray();

        var contactNumber = 0;
        var demoClients = new List<Client>();
        foreach (var (name, country, currency, lang, status, tags) in Clients)
        {
            var created = now.AddDays(-random.Next(20, 400));
            var domain = new string(TextKeys.Fold(name).Where(char.IsLetter).Take(14).ToArray()) + (country == "DE" ? ".de" : ".com");
            var client = new Client
            {
                Name = name, Country = country, Currency = currency, DocumentLanguage = lang, Status = status, Tags = Tags.Normalize(tags),
                BillingEmails = $"billing@{domain}", Website = $"https://www.{domain}", Phone = $"+{random.Next(10, 99)} {random.Next(100, 999)} {random.Next(100000, 999999)}",
                BillingAddress = $"{LastNames[random.Next(LastNames.Length)]}straße {random.Next(1, 120)}\n{random.Next(10000, 99999)} {(country == "DE" ? "Berlin" : "City")}",
                ResponsibleManagerId = sales[random.Next(sales.Length)], CreatedAt = created, UpdatedAt = created, CreatedBy = sales[0],
            };
            var extra = everyone[random.Next(everyone.Length)];
            if (extra != client.ResponsibleManagerId)
            {
                client.Managers.Add(new ClientManager { UserId = extra });
            }

            db.Add(client);
            demoClients.Add(client);
            var people = random.Next(2, 6);
            for (var i = 0; i < people; i++)
            {
                var first = FirstNames[(contactNumber * 7 + i) % FirstNames.Length];
                var last = LastNames[(contactNumber * 3 + i * 5) % LastNames.Length];
                contactNumber++;
                var contact = new Contact
                {
                    FirstName = first, LastName = last, Email = $"{TextKeys.Fold(first)}.{TextKeys.Fold(last)}@{domain}",
                    Phone = $"+{random.Next(10, 99)} {random.Next(100, 999)} {random.Next(1000000, 9999999)}", Position = Positions[random.Next(Positions.Length)],
                    ClientId = client.Id, IsRepresentative = i == 0, OwnerId = client.ResponsibleManagerId,
                    Tags = Tags.Normalize(i == 0 ? "decision maker" : ""), CreatedAt = created.AddDays(i), UpdatedAt = created.AddDays(i),
                };
                contact.EmailNormalized = contact.Email.ToUpperInvariant();
                db.Add(contact);
                index.AddNew(contact, client.Name);

                for (var a = 0; a < random.Next(1, 5); a++)
                {
                    var type = (ActivityType)random.Next(0, 5);
                    var occurred = now.AddDays(-random.Next(0, 90)).AddHours(-random.Next(0, 9));
                    db.Add(new Activity
                    {
                        Type = type, ContactId = contact.Id, ClientId = client.Id, AuthorId = sales[random.Next(sales.Length)],
                        Subject = type switch
                        {
                            ActivityType.Call => "Call about next quarter's campaign",
                            ActivityType.Email => "Sent the revised proposal",
                            ActivityType.Meeting => "Kick-off meeting",
                            ActivityType.FollowUp => "Follow up on the offer",
                            _ => "Prefers short weekly updates",
                        },
                        OccurredAt = occurred, CreatedAt = occurred,
                        DueAt = type == ActivityType.FollowUp ? now.AddDays(random.Next(-5, 14)) : null,
                        Done = type == ActivityType.FollowUp && random.Next(3) == 0,
                    });
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        // Demo clients are announced like any other, without onboarding: the other plugins seed their own demo data.
        var announcer = services.GetRequiredService<ClientAnnouncer>();
        foreach (var client in demoClients)
        {
            await announcer.AnnounceAsync(new ClientCreated(context.TenantId, client.Id, client.CreatedBy, new Dictionary<string, string>()));
        }
    }
}
