using System.Net;
using System.Net.Sockets;

namespace TeamsEscalationBot.TestHarness.Processes;

/// <summary>Ports for child processes that must be told theirs up front (Kestrel in-process servers use port 0 instead).</summary>
public static class LoopbackPorts
{
    /// <summary>A port free on 127.0.0.1 right now (the OS's pick; it could be taken again before the child binds it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits (bounded) until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>; false when
    /// <paramref name="givenUp"/> says there is no point waiting any longer, or at the timeout.
    /// </summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, TimeSpan timeout, Func<bool> givenUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(givenUp);
        try
        {
            var state = await Eventually.UntilAsync(
                probe => ConnectAsync(port, givenUp, probe), s => s != PortState.Closed, cancellationToken, timeout, $"for 127.0.0.1:{port} to listen");
            return state == PortState.Listening;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task<PortState> ConnectAsync(int port, Func<bool> givenUp, CancellationToken cancellationToken)
    {
        if (givenUp())
        {
            return PortState.GivenUp;
        }

        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return PortState.Listening;
        }
        catch (SocketException)
        {
            return PortState.Closed;
        }
    }

    private enum PortState
    {
        Closed,
        Listening,
        GivenUp,
    }
}
