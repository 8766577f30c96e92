using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm.Import;

public enum RowAction
{
    Create,
    Merge,
    Skip,
    Invalid,
}

/// <summary>What will happen, or happened, to one data row of the file (row numbers count the header as 1).</summary>
public sealed record RowResult(int Row, RowAction Action, IReadOnlyList<string> Errors, IReadOnlyDictionary<string, string> Values);

/// <summary>
/// Reads, checks and imports a CSV file of contacts or clients. The preview and the import use the
/// same checks; the import applies every valid row in one transaction, or nothing.
/// </summary>
public sealed class CsvImporter(AppDbContext db, IUnitOfWork unitOfWork, ContactSearchIndex index, CrmAccess access, ClientAnnouncer announcer, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int MaxRows = 100_000;
    public const int MaxBytes = 20 * 1024 * 1024;
    /// <summary>What the upload form reads before refusing with a message (beyond it, the server resets the connection).</summary>
    public const int MaxUploadBytes = 100 * 1024 * 1024;
    /// <summary>Rows written per transaction: short enough that other teams' writes never wait long.</summary>
    public const int ChunkRows = 150;
    /// <summary>How long a batch's writer may go without renewing before the batch counts as abandoned.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    /// <summary>
    /// The least time between one chunk's commit and the next one's first write (preparing the rows
    /// counts toward it): writers waiting for SQLite's lock get in there.
    /// </summary>
    public static TimeSpan ChunkGap { get; set; } = TimeSpan.FromMilliseconds(120);

    public static readonly IReadOnlyList<string> ContactFields = ["FirstName", "LastName", "Email", "Phone", "Position", "Client", "Representative", "Tags", "Notes"];
    public static readonly IReadOnlyList<string> ClientFields = ["Name", "Status", "Country", "VatId", "BillingEmails", "Phone", "Website", "Currency", "DocumentLanguage", "Tags", "Notes", "BillingAddress"];

    /// <summary>The English label of each field (the UI localizes it).</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["FirstName"] = "First name", ["LastName"] = "Last name", ["Email"] = "Email", ["Phone"] = "Phone", ["Position"] = "Position",
        ["Client"] = "Client", ["Representative"] = "Representative", ["Tags"] = "Tags", ["Notes"] = "Notes", ["Name"] = "Name",
        ["Status"] = "Status", ["Country"] = "Country", ["VatId"] = "VAT / tax ID", ["BillingEmails"] = "Billing emails", ["Website"] = "Website",
        ["Currency"] = "Currency", ["DocumentLanguage"] = "Document language", ["BillingAddress"] = "Billing address",
    };

    public static IReadOnlyList<string> Fields(ImportKind kind) => kind == ImportKind.Contacts ? ContactFields : ClientFields;

    public static IReadOnlyList<string> Required(ImportKind kind) => kind == ImportKind.Contacts ? ["FirstName", "LastName"] : ["Name"];

    /// <summary>A first guess of which column holds which field, from the header names (English and German).</summary>
    public static Dictionary<string, int> GuessMapping(ImportKind kind, IReadOnlyList<string> header)
    {
        static string Norm(string s) => new(TextKeys.Fold(s).Where(char.IsLetterOrDigit).ToArray());
        var synonyms = new Dictionary<string, string[]>
        {
            ["FirstName"] = ["firstname", "first", "givenname", "vorname"],
            ["LastName"] = ["lastname", "last", "surname", "familyname", "nachname"],
            ["Email"] = ["email", "emailaddress", "mail", "email1"],
            ["Phone"] = ["phone", "telephone", "tel", "mobile", "telefon"],
            ["Position"] = ["position", "title", "jobtitle", "role"],
            ["Client"] = ["client", "company", "organization", "organisation", "account", "kunde", "firma"],
            ["Representative"] = ["representative", "isrepresentative", "vertreter"],
            ["Tags"] = ["tags", "labels", "schlagworter"],
            ["Notes"] = ["notes", "note", "notizen", "comment"],
            ["Name"] = ["name", "client", "company", "companyname", "firma", "kunde"],
            ["Status"] = ["status"],
            ["Country"] = ["country", "land", "countrycode"],
            ["VatId"] = ["vatid", "vat", "taxid", "ustidnr", "ustid"],
            ["BillingEmails"] = ["billingemails", "billingemail", "invoiceemail", "email"],
            ["Website"] = ["website", "web", "url", "homepage"],
            ["Currency"] = ["currency", "wahrung"],
            ["DocumentLanguage"] = ["documentlanguage", "language", "sprache"],
            ["BillingAddress"] = ["billingaddress", "address", "adresse", "rechnungsadresse"],
        };
        var normalized = header.Select(Norm).ToList();
        var mapping = new Dictionary<string, int>();
        foreach (var field in Fields(kind))
        {
            var index = normalized.FindIndex(h => synonyms.TryGetValue(field, out var names) && names.Contains(h));
            if (index >= 0 && !mapping.ContainsValue(index))
            {
                mapping[field] = index;
            }
        }

        return mapping;
    }

    public static Dictionary<string, int> ReadMapping(ImportBatch batch) =>
        batch.Mapping is null ? [] : JsonSerializer.Deserialize<Dictionary<string, int>>(batch.Mapping) ?? [];

    /// <summary>The records of the batch's file, header first, read one at a time.</summary>
    public static IEnumerable<string[]> Records(ImportBatch batch) => CsvFiles.Read(new StringReader(batch.Content));

    /// <summary>The header and the first <paramref name="rows"/> data rows, without reading the rest.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows) Peek(ImportBatch batch, int rows)
    {
        var first = Records(batch).Take(rows + 1).ToList();
        return first.Count == 0 ? ([], []) : (first[0], first.Skip(1).ToList());
    }

    /// <summary>Checks every row: field rules, duplicates against the team and earlier rows of the file.</summary>
    public async Task<List<RowResult>> CheckAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        var mapping = ReadMapping(batch);
        var results = new List<RowResult>(batch.Rows);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var existing = batch.Kind == ImportKind.Contacts
            ? (await db.Set<Contact>().Where(c => c.EmailNormalized != null).Select(c => c.EmailNormalized!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal)
            : (await db.Set<Client>().Select(c => c.NameNormalized).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

        var i = 0;
        foreach (var row in Records(batch).Skip(1))
        {
            var values = mapping.Where(m => m.Value < row.Length).ToDictionary(m => m.Key, m => row[m.Value].Trim());
            var errors = Validate(batch.Kind, values);
            var key = batch.Kind == ImportKind.Contacts
                ? values.GetValueOrDefault("Email") is { Length: > 0 } email ? email.ToUpperInvariant() : null
                : values.GetValueOrDefault("Name") is { } name ? TextKeys.Name(name) : null;
            RowAction action;
            if (errors.Count > 0)
            {
                action = RowAction.Invalid;
            }
            else if (key is not null && !seen.Add(key))
            {
                action = RowAction.Skip;
                errors.Add(l["The same record appears earlier in the file."]);
            }
            else if (key is not null && existing.Contains(key))
            {
                action = batch.DuplicateMode == DuplicateMode.Merge ? RowAction.Merge : RowAction.Skip;
                errors.Add(batch.Kind == ImportKind.Contacts ? l["A contact with this email already exists."] : l["A client with this name already exists."]);
            }
            else
            {
                action = RowAction.Create;
            }

            results.Add(new RowResult(i + 2, action, errors, values));
            i++;
        }

        return results;
    }

    private List<string> Validate(ImportKind kind, Dictionary<string, string> values)
    {
        object input = kind == ImportKind.Contacts ? ToContactInput(values) : ToClientInput(values);
        var found = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), found, validateAllProperties: true);
        var errors = found.Select(r => $"{string.Join(", ", r.MemberNames.Select(m => l[Labels.GetValueOrDefault(m, m)].Value))}: {l[r.ErrorMessage ?? ""]}").ToList();
        if (kind == ImportKind.Clients && values.GetValueOrDefault("Status") is { Length: > 0 } status
            && !Enum.GetNames<ClientStatus>().Contains(status, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{l["Status"]}: {l["Use Lead, Active or Inactive."]}");
        }

        // The same text rules as the forms: no control characters anywhere, line breaks only in notes and addresses.
        foreach (var (field, value) in values)
        {
            if (TextRules.Check(value, multiline: field is "Notes" or "BillingAddress") is { } problem)
            {
                errors.Add($"{l[Labels.GetValueOrDefault(field, field)]}: {(problem == TextRules.Problem.LineBreak ? l["Use a single line here."] : l["Remove the invisible control characters from this text."])}");
            }
        }

        return errors;
    }

    private static bool IsYes(string? value) => value?.Trim().ToLowerInvariant() is "yes" or "y" or "true" or "1" or "x" or "ja" or "j";

    private ContactInput ToContactInput(IReadOnlyDictionary<string, string> v) => new()
    {
        FirstName = v.GetValueOrDefault("FirstName") ?? "",
        LastName = v.GetValueOrDefault("LastName") ?? "",
        Email = v.GetValueOrDefault("Email"),
        Phone = v.GetValueOrDefault("Phone"),
        Position = v.GetValueOrDefault("Position"),
        IsRepresentative = IsYes(v.GetValueOrDefault("Representative")),
        Tags = v.GetValueOrDefault("Tags"),
        Notes = v.GetValueOrDefault("Notes"),
        OwnerId = access.Me,
    };

    private ClientInput ToClientInput(IReadOnlyDictionary<string, string> v) => new()
    {
        Name = v.GetValueOrDefault("Name") ?? "",
        Status = Enum.TryParse<ClientStatus>(v.GetValueOrDefault("Status"), true, out var status) ? status : ClientStatus.Active,
        Country = v.GetValueOrDefault("Country") is { Length: > 0 } country ? country : null,
        VatId = v.GetValueOrDefault("VatId"),
        BillingEmails = v.GetValueOrDefault("BillingEmails"),
        Phone = v.GetValueOrDefault("Phone"),
        Website = v.GetValueOrDefault("Website") is { Length: > 0 } web ? web : null,
        Currency = v.GetValueOrDefault("Currency") is { Length: > 0 } currency ? currency.ToUpperInvariant() : "EUR",
        DocumentLanguage = v.GetValueOrDefault("DocumentLanguage") is { Length: > 0 } lang ? lang.ToLowerInvariant() : "en",
        Tags = v.GetValueOrDefault("Tags"),
        Notes = v.GetValueOrDefault("Notes"),
        BillingAddress = v.GetValueOrDefault("BillingAddress"),
        ResponsibleManagerId = access.Me,
    };

    public static IReadOnlyDictionary<string, string>? ReadOnboarding(ImportBatch batch) =>
        batch.Onboarding is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(batch.Onboarding);

    /// <summary>
    /// Claims an uploaded batch for applying, in the caller's unit of work: a conditional update from
    /// Uploaded to Applying, so of any number of clicks, tabs or instances exactly one gets it.
    /// </summary>
    public async Task<bool> ClaimAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<ImportBatch>().Where(b => b.Id == batchId && b.Status == ImportStatus.Uploaded)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, ImportStatus.Applying).SetProperty(b => b.LeaseUntil, now + Lease).SetProperty(b => b.Applied, 0), cancellationToken) == 1;
    }

    /// <summary>
    /// Writes a claimed batch in short transactions of <see cref="ChunkRows"/> rows (other teams' writes
    /// get the database between them), every new client and contact tagged with the batch. The last
    /// transaction merges duplicates into existing records, announces the new clients
    /// (<see cref="Contracts.ClientCreated"/>, with the batch's onboarding options) and completes the
    /// batch. All or nothing for the user: a failure, a cancel or a crash (the lease runs out) removes
    /// every row the batch wrote. Must run outside a unit of work; each chunk opens its own.
    /// </summary>
    /// <returns>True when the batch completed; false when it was stopped (and rolled back) on request.</returns>
    public async Task<bool> ApplyClaimedAsync(Guid batchId, string defaultCurrency, IReadOnlyDictionary<string, string> onboarding, CancellationToken cancellationToken)
    {
        if (unitOfWork.IsOpen)
        {
            throw new InvalidOperationException("An import is written in its own short transactions; start it outside a unit of work.");
        }

        var batch = await db.Set<ImportBatch>().AsNoTracking().SingleAsync(b => b.Id == batchId && b.Status == ImportStatus.Applying, cancellationToken);
        try
        {
            await WriteAsync(batch, defaultCurrency, onboarding, cancellationToken);
            return true;
        }
        catch (ImportStoppedException)
        {
            await RollBackAsync(batchId, ImportStatus.Cancelled, null);
            return false;
        }
        catch (Kernel.Validation.ValidationFailedException invalid)
        {
            await RollBackAsync(batchId, ImportStatus.Failed, invalid.Message);
            throw;
        }
        catch (Exception ex)
        {
            await RollBackAsync(batchId, ImportStatus.Failed, l["The import stopped because of an error ({0}); nothing was imported.", ex.GetType().Name]);
            throw;
        }
    }

    private async Task WriteAsync(ImportBatch batch, string defaultCurrency, IReadOnlyDictionary<string, string> onboarding, CancellationToken cancellationToken)
    {
        var results = await CheckAsync(batch, cancellationToken);
        db.ChangeTracker.Clear();
        var created = new List<(int Row, Guid Client)>();
        var clientIds = batch.Kind == ImportKind.Contacts
            ? (await db.Set<Client>().AsNoTracking().Select(c => new { c.Id, c.Name, c.NameNormalized }).ToListAsync(cancellationToken))
                .GroupBy(c => c.NameNormalized).ToDictionary(g => g.Key, g => (g.First().Id, g.First().Name))
            : [];

        async Task ImportRowAsync(RowResult row, DateTime now, CancellationToken ct)
        {
            var client = batch.Kind == ImportKind.Contacts
                ? await ImportContactAsync(row, batch.Id, clientIds, defaultCurrency, now, ct)
                : await ImportClientAsync(row, batch.Id, now, ct);
            if (client is { } id)
            {
                created.Add((row.Row, id));
            }
        }

        var sinceCommit = System.Diagnostics.Stopwatch.StartNew();
        foreach (var chunk in results.Where(r => r.Action == RowAction.Create).Chunk(ChunkRows))
        {
            // New rows need no reads: they are prepared outside the transaction, which (BEGIN IMMEDIATE
            // on SQLite) holds the write lock from its start; it only saves them.
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var row in chunk)
            {
                await ImportRowAsync(row, now, cancellationToken);
            }

            if (ChunkGap - sinceCommit.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await unitOfWork.RunAsync(async ct =>
            {
                await RenewLeaseAsync(batch.Id, chunk.Length, ct);
                await db.SaveChangesAsync(ct);
                return 0;
            }, cancellationToken);
            sinceCommit.Restart();
            db.ChangeTracker.Clear();
        }

        await unitOfWork.RunAsync(async ct =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var merges = results.Where(r => r.Action == RowAction.Merge).ToList();
            foreach (var row in merges)
            {
                await ImportRowAsync(row, now, ct);
            }

            await RenewLeaseAsync(batch.Id, merges.Count, ct);
            await db.SaveChangesAsync(ct);
            await AnnounceAsync(created, onboarding);

            var tracked = await db.Set<ImportBatch>().SingleAsync(b => b.Id == batch.Id, ct);
            tracked.Status = ImportStatus.Completed;
            tracked.CompletedAt = now;
            tracked.LeaseUntil = null;
            tracked.Rows = results.Count;
            tracked.Created = results.Count(r => r.Action == RowAction.Create);
            tracked.Merged = merges.Count;
            tracked.Skipped = results.Count(r => r.Action == RowAction.Skip);
            tracked.Invalid = results.Count(r => r.Action == RowAction.Invalid);
            tracked.Report = JsonSerializer.Serialize(results.Where(r => r.Action is RowAction.Skip or RowAction.Invalid).Take(1000)
                .Select(r => new ReportLine(r.Row, r.Action.ToString(), string.Join("; ", r.Errors))));
            tracked.Content = "";
            await db.SaveChangesAsync(ct);
            return 0;
        }, cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Renews the batch's lease and counts progress; a batch cancelled (or taken over as abandoned) meanwhile stops here.</summary>
    private async Task RenewLeaseAsync(Guid batchId, int rows, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var renewed = await db.Set<ImportBatch>().Where(b => b.Id == batchId && b.Status == ImportStatus.Applying && !b.CancelRequested)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.LeaseUntil, now + Lease).SetProperty(b => b.Applied, b => b.Applied + rows), cancellationToken);
        if (renewed != 1)
        {
            throw new ImportStoppedException();
        }
    }

    /// <summary>
    /// Removes every row a batch wrote (contacts first, then clients; their search words, assignees and
    /// managers go with them), a chunk per transaction, and records how the batch ended.
    /// </summary>
    public async Task RollBackAsync(Guid batchId, ImportStatus ending, string? error)
    {
        db.ChangeTracker.Clear();
        while (await unitOfWork.RunAsync(ct => db.Set<Contact>().Where(c => c.ImportBatchId == batchId).OrderBy(c => c.Id).Take(ChunkRows).ExecuteDeleteAsync(ct)) > 0)
        {
        }

        while (await unitOfWork.RunAsync(ct => db.Set<Client>().Where(c => c.ImportBatchId == batchId).OrderBy(c => c.Id).Take(ChunkRows).ExecuteDeleteAsync(ct)) > 0)
        {
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await unitOfWork.RunAsync(ct => db.Set<ImportBatch>().Where(b => b.Id == batchId && b.Status == ImportStatus.Applying)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, ending).SetProperty(b => b.LeaseUntil, (DateTime?)null)
                .SetProperty(b => b.CompletedAt, now).SetProperty(b => b.Error, error).SetProperty(b => b.Content, ""), ct));
    }

    /// <summary>Rolls back the team's batches whose writer stopped renewing its lease (a crash, a restart).</summary>
    public async Task<int> RollBackAbandonedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var abandoned = await db.Set<ImportBatch>().AsNoTracking().Where(b => b.Status == ImportStatus.Applying && b.LeaseUntil < now)
            .Select(b => b.Id).ToListAsync(cancellationToken);
        foreach (var id in abandoned)
        {
            // Taken over by a conditional update, so two instances never roll back one batch at once.
            var taken = await unitOfWork.RunAsync(ct => db.Set<ImportBatch>().Where(b => b.Id == id && b.Status == ImportStatus.Applying && b.LeaseUntil < now)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.LeaseUntil, now + Lease), ct), cancellationToken);
            if (taken == 1)
            {
                await RollBackAsync(id, ImportStatus.Failed, l["The import was interrupted; nothing was imported. Start it again."]);
            }
        }

        return abandoned.Count;
    }

    private sealed class ImportStoppedException : Exception;

    public sealed record ReportLine(int Row, string Action, string Reason);

    /// <summary>Announces the clients saved so far, once each.</summary>
    private async Task AnnounceAsync(List<(int Row, Guid Client)> created, IReadOnlyDictionary<string, string> onboarding)
    {
        foreach (var (row, client) in created)
        {
            try
            {
                await announcer.AnnounceAsync(new Contracts.ClientCreated(db.CurrentTenantId!.Value, client, access.Me, onboarding));
            }
            catch (Contracts.OnboardingFailedException failed)
            {
                throw new Kernel.Validation.ValidationFailedException("", l["Row {0}: onboarding of the new client could not finish ({1}: {2}). Nothing was imported; change the onboarding options or the file.", row, failed.Step, failed.Message]);
            }
        }

        created.Clear();
    }

    /// <returns>The client the row's company created, if it created one.</returns>
    private async Task<Guid?> ImportContactAsync(RowResult row, Guid batchId, Dictionary<string, (Guid Id, string Name)> clients, string defaultCurrency, DateTime now, CancellationToken cancellationToken)
    {
        Guid? createdClient = null;
        var input = ToContactInput(row.Values);
        Contact contact;
        if (row.Action == RowAction.Merge)
        {
            var email = input.Email!.Trim().ToUpperInvariant();
            contact = await db.Set<Contact>().SingleAsync(c => c.EmailNormalized == email, cancellationToken);
            Merge(contact, input);
        }
        else
        {
            contact = new Contact { OwnerId = access.Me, CreatedAt = now, ImportBatchId = batchId };
            input.ApplyTo(contact);
            db.Add(contact);
        }

        contact.UpdatedAt = now;
        string? clientName = null;
        if (row.Values.GetValueOrDefault("Client") is { Length: > 0 } name)
        {
            if (!clients.TryGetValue(TextKeys.Name(name), out var client))
            {
                var created = new Client { Name = name, Status = ClientStatus.Lead, Currency = defaultCurrency, ResponsibleManagerId = access.Me, CreatedBy = access.Me, CreatedAt = now, UpdatedAt = now, ImportBatchId = batchId };
                db.Add(created);
                client = (created.Id, created.Name);
                clients[created.NameNormalized] = client;
                createdClient = created.Id;
            }

            contact.ClientId = client.Id;
            clientName = client.Name;
        }

        if (row.Action == RowAction.Merge)
        {
            await index.UpdateAsync(contact, clientName, cancellationToken);
        }
        else
        {
            index.AddNew(contact, clientName);
        }

        return createdClient;
    }

    private static void Merge(Contact contact, ContactInput input)
    {
        contact.Phone = ClientInput.Blank(input.Phone) ?? contact.Phone;
        contact.Position = ClientInput.Blank(input.Position) ?? contact.Position;
        contact.IsRepresentative |= input.IsRepresentative;
        contact.Tags = Tags.Normalize(string.Join(",", Tags.Parse(contact.Tags).Concat(Tags.Parse(input.Tags))));
        contact.Notes = ClientInput.Blank(input.Notes) ?? contact.Notes;
        contact.FirstName = input.FirstName.Trim();
        contact.LastName = input.LastName.Trim();
    }

    /// <returns>The client created, or null when the row was merged into an existing one.</returns>
    private async Task<Guid?> ImportClientAsync(RowResult row, Guid batchId, DateTime now, CancellationToken cancellationToken)
    {
        var input = ToClientInput(row.Values);
        if (row.Action == RowAction.Merge)
        {
            var name = TextKeys.Name(input.Name);
            var client = await db.Set<Client>().FirstAsync(c => c.NameNormalized == name, cancellationToken);
            client.Country = ClientInput.Blank(input.Country)?.ToUpperInvariant() ?? client.Country;
            client.VatId = ClientInput.Blank(input.VatId) ?? client.VatId;
            client.BillingEmails = ClientInput.Blank(input.BillingEmails) ?? client.BillingEmails;
            client.Phone = ClientInput.Blank(input.Phone) ?? client.Phone;
            client.Website = ClientInput.Blank(input.Website) ?? client.Website;
            client.BillingAddress = ClientInput.Blank(input.BillingAddress) ?? client.BillingAddress;
            client.Tags = Tags.Normalize(string.Join(",", Tags.Parse(client.Tags).Concat(Tags.Parse(input.Tags))));
            client.UpdatedAt = now;
            return null;
        }

        var created = new Client { ResponsibleManagerId = access.Me, CreatedBy = access.Me, CreatedAt = now, UpdatedAt = now, ImportBatchId = batchId };
        input.ApplyTo(created);
        if (!Currencies.IsKnown(created.Currency))
        {
            created.Currency = "EUR";
        }

        db.Add(created);
        return created.Id;
    }
}
