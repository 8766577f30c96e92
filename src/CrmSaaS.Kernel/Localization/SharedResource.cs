namespace CrmSaaS.Kernel.Localization;

/// <summary>
/// Marker for the UI strings shared by the host and plugins. Keys are the English text;
/// SharedResource.de.resx holds German.
/// </summary>
public sealed class SharedResource;
