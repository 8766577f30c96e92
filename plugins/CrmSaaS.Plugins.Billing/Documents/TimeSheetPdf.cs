using PdfSharp.Drawing;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>
/// A client's time for a period as a PDF (A4): the team, the period, every entry (date, project,
/// member, hours, description) and the total; long lists break across pages with the header repeated.
/// The caller passes the headings in the reader's language.
/// </summary>
public static class TimeSheetPdf
{
    private const double BodyBottom = A4Layout.PageHeight - 60;
    private const double Left = A4Layout.Left;
    private const double Right = A4Layout.Right;
    private const double Row = A4Layout.Row;
    private const double ColProject = Left + 62;
    private const double ColMember = Left + 170;
    private const double HoursRight = Left + 300;
    private const double ColDescription = HoursRight + 12;
    private const double DescriptionWidth = Right - ColDescription;
    private const double ProjectWidth = ColMember - ColProject - 8;
    private const double MemberWidth = HoursRight - 40 - ColMember;

    /// <param name="headings">Date, project, member, hours, description, total, "page {0} of {1}".</param>
    public static byte[] Render(string team, string title, string period, IReadOnlyList<string> headings, IReadOnlyList<Contracts.ClientTimeRow> rows, string totalHours, string? culture)
    {
        var layout = new A4Layout(title, team);
        var (regular, small, bold, heading, grey, rule) = (layout.Regular, layout.Small, layout.Bold, layout.Title, layout.Grey, layout.Rule);
        var gfx = layout.NewPage();
        var y = 60.0;
        gfx.DrawString(team, small, grey, Left, y);
        y += 24;
        gfx.DrawString(title, heading, XBrushes.Black, Left, y);
        y += Row + 2;
        gfx.DrawString(period, regular, XBrushes.Black, Left, y);
        y += 6;

        void Header(XGraphics g, ref double top)
        {
            top += 14;
            g.DrawString(headings[0], bold, XBrushes.Black, Left, top);
            g.DrawString(headings[1], bold, XBrushes.Black, ColProject, top);
            g.DrawString(headings[2], bold, XBrushes.Black, ColMember, top);
            A4Layout.RightAligned(g, headings[3], bold, XBrushes.Black, HoursRight, top);
            g.DrawString(headings[4], bold, XBrushes.Black, ColDescription, top);
            top += 5;
            g.DrawLine(rule, Left, top, Right, top);
            top += 4;
        }

        Header(gfx, ref y);
        foreach (var row in rows)
        {
            var description = InvoicePdf.Wrap(gfx, row.Description ?? "", small, DescriptionWidth);
            var project = InvoicePdf.Wrap(gfx, row.Project, small, ProjectWidth);
            var member = InvoicePdf.Wrap(gfx, row.Member, small, MemberWidth);
            var lines = Math.Max(1, Math.Max(description.Count, Math.Max(project.Count, member.Count)));
            if (y + lines * Row + 3 > BodyBottom)
            {
                gfx.Dispose();
                gfx = layout.NewPage();
                y = 50;
                gfx.DrawString(title, bold, XBrushes.Black, Left, y);
                Header(gfx, ref y);
            }

            y += Row - 3;
            gfx.DrawString(row.Date, small, XBrushes.Black, Left, y);
            A4Layout.RightAligned(gfx, row.Hours, small, XBrushes.Black, HoursRight, y);
            for (var i = 0; i < lines; i++)
            {
                if (i < project.Count) gfx.DrawString(project[i], small, XBrushes.Black, ColProject, y + i * Row);
                if (i < member.Count) gfx.DrawString(member[i], small, XBrushes.Black, ColMember, y + i * Row);
                if (i < description.Count) gfx.DrawString(description[i], small, XBrushes.Black, ColDescription, y + i * Row);
            }

            y += (lines - 1) * Row + 3;
        }

        if (y + 2 * Row > BodyBottom)
        {
            gfx.Dispose();
            gfx = layout.NewPage();
            y = 50;
        }

        y += 4;
        gfx.DrawLine(rule, Left, y, Right, y);
        y += Row;
        gfx.DrawString(headings[5], bold, XBrushes.Black, Left, y);
        A4Layout.RightAligned(gfx, totalHours, bold, XBrushes.Black, HoursRight, y);
        gfx.Dispose();
        layout.Footer([team], A4Layout.PageHeight - 40, (page, of) => string.Format(System.Globalization.CultureInfo.GetCultureInfo(culture ?? "en"), headings[6], page, of));
        return layout.Save();
    }
}
