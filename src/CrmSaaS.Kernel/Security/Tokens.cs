using System.Security.Cryptography;
using System.Text;

namespace CrmSaaS.Kernel.Security;

/// <summary>Random link tokens (invitations, sign-in tickets); only their hash is ever stored.</summary>
public static class Tokens
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
