using WechatLeads.Server.Pacing;

namespace WechatLeads.Server.Tests.Pacing;

/// <summary>The release arithmetic, in Beijing time, at the moments that matter: starts, window edges, day turns.</summary>
public sealed class PaceScheduleTests
{
    /// <summary>A UTC moment given as Beijing wall time.</summary>
    private static DateTime Beijing(int day, int hour, int minute = 0, int second = 0) =>
        new DateTime(2027, 3, day, hour, minute, second, DateTimeKind.Utc).AddHours(-8);

    [Fact]
    public void Hourly_within_a_window_releases_at_each_whole_hour_inside_it_and_nothing_outside()
    {
        var s = PaceSchedule.For(new PrizePace(PacePeriods.Hour, 5, "08:00-22:00", CarryOver: true), 1000, Beijing(1, 10, 30), Beijing(10, 0));
        Assert.Equal(5, s.ReleasedBy(Beijing(1, 10, 30)));          // the period the campaign starts in counts
        Assert.Equal(5, s.ReleasedBy(Beijing(1, 10, 59, 59)));
        Assert.Equal(10, s.ReleasedBy(Beijing(1, 11, 0)));
        Assert.Equal(12 * 5, s.ReleasedBy(Beijing(1, 21, 59)));     // 10:00 … 21:00
        Assert.Equal(12 * 5, s.ReleasedBy(Beijing(2, 7, 59)));      // the night releases nothing
        Assert.Equal(13 * 5, s.ReleasedBy(Beijing(2, 8, 0)));
        Assert.Equal(0, s.ReleasedBy(Beijing(1, 10, 29)));          // before the start
        Assert.Null(s.PeriodAt(Beijing(1, 22, 0)));
        Assert.Equal(2027030121, s.PeriodAt(Beijing(1, 21, 59)));
    }

    [Fact]
    public void Daily_releases_at_the_window_start_and_a_campaign_starting_after_the_window_waits_for_the_next_day()
    {
        var late = PaceSchedule.For(new PrizePace(PacePeriods.Day, 100, "08:00-22:00"), 1000, Beijing(1, 23, 0), Beijing(9, 0));
        Assert.Equal(0, late.ReleasedBy(Beijing(1, 23, 30)));
        Assert.Equal(0, late.ReleasedBy(Beijing(2, 7, 59)));
        Assert.Equal(100, late.ReleasedBy(Beijing(2, 8, 0)));
        Assert.Equal(300, late.ReleasedBy(Beijing(4, 9, 0)));
        Assert.Equal(20270304, late.PeriodAt(Beijing(4, 9, 0)));

        var allDay = PaceSchedule.For(new PrizePace(PacePeriods.Day, 100), 1000, Beijing(1, 15, 0), Beijing(9, 0));
        Assert.Equal(100, allDay.ReleasedBy(Beijing(1, 15, 0)));
        Assert.Equal(100, allDay.ReleasedBy(Beijing(1, 23, 59)));
        Assert.Equal(200, allDay.ReleasedBy(Beijing(2, 0, 0)));     // midnight Beijing, not UTC
    }

    [Fact]
    public void Without_a_quantity_the_inventory_is_spread_evenly_over_every_period_rounded_up()
    {
        // 1 March 08:00 to 3 March 08:00, 08:00-22:00: 2 days × 14 hours = 28 periods; 100 / 28 → 4 an hour.
        var s = PaceSchedule.For(new PrizePace(PacePeriods.Hour, null, "08:00-22:00"), 100, Beijing(1, 8, 0), Beijing(3, 8, 0));
        Assert.Equal(4, s.PerPeriod);
        Assert.True(s.ReleasedBy(Beijing(2, 21, 59)) >= 100);       // everything is winnable by the last period
        Assert.Equal(7, PaceSchedule.For(new PrizePace(PacePeriods.Day), 20, Beijing(1, 0, 0), Beijing(4, 0, 0)).PerPeriod); // 20 over 3 days
    }

    [Theory]
    [InlineData("08:00-22:00", true)]
    [InlineData("", true)]
    [InlineData("00:00-24:00", true)]
    [InlineData("08:30-22:00", false)]
    [InlineData("22:00-08:00", false)]
    [InlineData("8-22", false)]
    public void Windows_are_whole_hours_in_order(string hours, bool valid) =>
        Assert.Equal(valid, !new PrizePace(PacePeriods.Hour, 1, hours).Problems("").Any());
}
