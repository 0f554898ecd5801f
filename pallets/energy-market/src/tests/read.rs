//! Reads for clients, and their JSON form.

use super::*;
use iotchain_test_support::json_of;

#[test]
fn a_client_reads_markets_members_intervals_and_history() {
	run(|| {
		let market = trade_interval_1();
		let view = Energy::market(market).expect("the market");
		assert_eq!((view.id, view.current_interval, view.market.members), (market, Some(0), 5));
		assert_eq!(Energy::market(9), None);
		let json = json_of(&view);
		assert_eq!(json["operator"], serde_json::json!(GRID));
		assert_eq!(json["currentInterval"], 0);
		assert_eq!(json["terms"]["gridBuyPrice"], "30");
		assert_eq!(json["float"], FLOAT.to_string());
		let page = Energy::markets(None, 10);
		assert_eq!((page.items.len(), page.next), (1, None));

		let first = Energy::members(market, None, 3);
		assert_eq!(first.items.len(), 3);
		let rest = Energy::members(market, first.next.clone(), 3);
		assert_eq!((rest.items.len(), rest.next), (2, None));
		let mut all: Vec<_> = first.items.into_iter().chain(rest.items).collect();
		all.sort();
		let mut expected: Vec<_> = MEMBERS.iter().map(|(owner, _)| meter(owner)).collect();
		expected.sort();
		assert_eq!(all, expected);

		let open = Energy::interval(market, 1).expect("interval 1 has orders");
		assert_eq!((open.start, open.end), (in_interval(1, 0), in_interval(2, 0)));
		assert_eq!(open.report_deadline, in_interval(2, 0) + REPORT_GRACE);
		assert_eq!((open.orders.len(), open.clearing, open.readings.len()), (5, None, 0));
		assert_eq!(Energy::interval(market, 2), None);
		go_to(2, in_interval(1, 0));
		assert_ok!(Energy::clear_interval(RuntimeOrigin::signed(STRANGER), market, 1));
		let cleared = Energy::interval(market, 1).expect("cleared, not settled");
		let json = json_of(&cleared);
		assert_eq!(json["clearing"]["price"], "16");
		assert_eq!(json["clearing"]["volume"], 1_800);
		assert_eq!(json["orders"][0]["side"], "sell");
		assert_eq!(json["orders"][0]["filled"], 1_000);
		assert_eq!(json["orders"][3]["held"], (16 * 1_200).to_string());
		let page = Energy::intervals(market, None, 10);
		assert_eq!((page.items.len(), page.items[0].interval, page.next), (1, 1, None));

		go_to(3, in_interval(2, 0) + REPORT_GRACE);
		assert_ok!(Energy::settle_interval(RuntimeOrigin::signed(STRANGER), market, 1));
		let history = Energy::history(market);
		assert_eq!(history.len(), 1);
		let json = json_of(&history[0]);
		assert_eq!(json["paidToGrid"], (GRID_BUY * 1_800).to_string());
		assert!(Energy::intervals(market, None, 10).items.is_empty());
	});
}
