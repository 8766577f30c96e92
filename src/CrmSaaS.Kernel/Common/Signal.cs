namespace CrmSaaS.Kernel.Common;

/// <summary>
/// Wakes a background loop early: a commit that queued work nudges it, so the work need not wait for
/// the next poll. Any number of nudges before the loop wakes count as one.
/// </summary>
public abstract class Signal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Nudge()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged; one wake-up covers everything queued so far.
        }
    }

    /// <summary>Waits for a nudge or the timeout, whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
